'use strict';
// The overview: every app, trouble first (the server's order), with its instance count, messages,
// failures and dead letters in the last minute, backlog and status; refreshed on every change the
// event stream reports, filtered by name as you type.
(() => {
  const {el} = Dash;
  const rows = document.querySelector('#apps tbody');
  const filter = document.getElementById('filter');
  const summary = document.getElementById('summary');
  const empty = document.getElementById('empty');
  let fleet = null;
  let fetchedAt = 0;

  // The filter lives in the address too (?q=...), so a filtered view can be shared.
  filter.value = new URLSearchParams(location.search).get('q') || '';
  filter.addEventListener('input', () => {
    const url = new URL(location.href);
    if (filter.value) {
      url.searchParams.set('q', filter.value);
    } else {
      url.searchParams.delete('q');
    }
    history.replaceState(null, '', url);
    render();
  });

  function render() {
    const now = Dash.serverNow(fleet, fetchedAt);
    Dash.connection(fleet);
    const wanted = filter.value.trim().toLowerCase();
    const apps = fleet.apps.filter(app => app.name.toLowerCase().includes(wanted));
    rows.replaceChildren(...apps.map(app => row(app, now)));
    renderSummary();
    empty.hidden = apps.length > 0;
    empty.textContent = fleet.apps.length === 0
      ? `No consumer is registered under ${fleet.root} yet.`
      : `No app name contains “${filter.value}”.`;
  }

  function row(app, now) {
    const problems = ['recovering', 'stopping', 'stale', 'gone', 'invalid'].filter(s => app[s] > 0).map(s => `${app[s]} ${s}`);
    return el('tr', {class: 'app status-' + app.status, 'data-app': app.name},
      el('td', {}, Dash.badge(app.status)),
      el('td', {class: 'name'}, el('a', {href: 'app/' + encodeURIComponent(app.name)}, app.name)),
      el('td', {class: 'num'}, app.instances, problems.length ? el('small', {}, ` (${problems.join(', ')})`) : null),
      el('td', {class: 'num'}, Dash.number(app.messagesPerMinute)),
      el('td', {class: 'num failed' + (app.failedPerMinute > 0 ? ' bad' : '')}, Dash.number(app.failedPerMinute)),
      el('td', {class: 'num dead' + (app.deadLetteredPerMinute > 0 ? ' bad' : '')}, Dash.number(app.deadLetteredPerMinute)),
      el('td', {class: 'num backlog'}, app.backlog === null ? '–' : Dash.number(app.backlog)),
      el('td', {title: Dash.dateTime(app.updatedAt)}, Dash.ago(now - app.updatedAt)));
  }

  function renderSummary() {
    const count = (status) => fleet.apps.filter(a => a.status === status).length;
    const instances = fleet.apps.reduce((n, a) => n + a.instances, 0);
    const rate = fleet.apps.reduce((n, a) => n + a.messagesPerMinute, 0);
    const troubles = ['failing', 'stalled', 'stale', 'invalid', 'gone', 'behind', 'recovering']
      .filter(status => count(status) > 0).map(status => Dash.fact(status, count(status), 'status-' + status));
    summary.replaceChildren(
      Dash.fact('apps', fleet.apps.length),
      Dash.fact('instances', instances),
      Dash.fact('msgs/min now', Dash.number(rate)),
      ...troubles,
      Dash.fact('ok', count('ok'), 'status-ok'));
  }

  async function load() {
    fleet = await Dash.api('apps');
    fetchedAt = Date.now();
    render();
  }

  Dash.live(load);
  // Ages move on between changes.
  setInterval(() => fleet && render(), 5000);
})();
