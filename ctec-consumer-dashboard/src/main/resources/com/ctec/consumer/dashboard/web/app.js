'use strict';
// One app: its instances (gone ones greyed, stale ones marked, trouble named), the last failure of
// each queue, and 24-hour charts (messages, failures, dead letters, backlog, CPU, memory), one line
// per instance; reloaded whenever the event stream reports a change of this app.
(() => {
  const {el} = Dash;
  const name = appName(location.pathname.split('/').pop());
  const rows = document.querySelector('#instances tbody');
  const charts = document.getElementById('charts');
  const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#b07aa1', '#edc948', '#9c755f', '#ff9da7', '#bab0ac'];
  // An instance keeps its colour for as long as the page is open, whoever comes and goes.
  const colours = new Map();
  let app = null;
  let fetchedAt = 0;

  document.title = name + ' · ctec-consumer';
  document.getElementById('name').textContent = name;

  // The page's links encode the name; an address typed by hand may hold a bare '%'.
  function appName(segment) {
    try {
      return decodeURIComponent(segment);
    } catch (malformed) {
      return segment;
    }
  }

  function colour(id) {
    if (!colours.has(id)) {
      colours.set(id, PALETTE[colours.size % PALETTE.length]);
    }
    return colours.get(id);
  }

  function render() {
    const now = Dash.serverNow(app, fetchedAt);
    Dash.connection(app);
    const status = document.getElementById('status');
    status.replaceWith(Object.assign(Dash.badge(app.status), {id: 'status'}));
    const desc = document.getElementById('desc');
    desc.textContent = app.appDesc;
    desc.hidden = !app.appDesc;
    const live = app.instances.filter(i => i.status !== 'gone').length;
    document.getElementById('summary').replaceChildren(
      Dash.fact('instances', live),
      Dash.fact('msgs/min now', Dash.number(app.messagesPerMinute)),
      Dash.fact('failed/min', Dash.number(app.failedPerMinute), app.failedPerMinute > 0 ? 'status-failing' : ''),
      Dash.fact('dead/min', Dash.number(app.deadLetteredPerMinute), app.deadLetteredPerMinute > 0 ? 'status-failing' : ''),
      Dash.fact('backlog', app.backlog === null ? '–' : Dash.number(app.backlog)),
      Dash.fact('gone', app.instances.length - live, 'status-gone'));
    rows.replaceChildren(...app.instances.map(instance => row(instance, now)));
    renderFailures();
  }

  // Text only: the error is whatever a worker's exception said.
  function renderFailures() {
    const failures = app.lastFailures || [];
    document.getElementById('recent-failures').hidden = failures.length === 0;
    document.getElementById('failures').replaceChildren(...failures.map(f => el('li', {class: 'failure'},
      el('span', {class: 'when', title: Dash.dateTime(f.at)}, Dash.clock(f.at)), ' ',
      el('span', {class: 'where'}, `${f.instance} · ${f.queue}`), ': ',
      el('span', {class: 'error'}, f.error))));
  }

  function row(i, now) {
    return el('tr', {class: 'instance status-' + i.status, 'data-id': i.id},
      el('td', {class: 'status'}, Dash.swatch(colour(i.id)), Dash.badge(i.status),
        i.trouble && i.trouble !== 'none' ? Dash.badge(i.trouble) : null, statusNote(i, now)),
      el('td', {}, i.hostIp),
      el('td', {class: 'num'}, i.pid),
      el('td', {class: 'path'}, i.deployPath),
      el('td', {}, el('ul', {class: 'queues'}, i.queues.map(queue))),
      el('td', {}, i.state),
      el('td', {class: 'nowrap'}, i.status === 'gone' || !i.startedAt ? '–' : Dash.span(now - i.startedAt)),
      el('td', {class: 'num'}, i.threadCount),
      i.updatedAt ? el('td', {class: 'nowrap', title: Dash.dateTime(i.updatedAt)}, Dash.clock(i.updatedAt), el('small', {}, ` (${Dash.ago(now - i.updatedAt)})`))
        : el('td', {}, '–'));
  }

  function statusNote(i, now) {
    if (i.status === 'gone') {
      return el('small', {class: 'note'}, `gone since ${Dash.clock(i.goneSince)} (${Dash.ago(now - i.goneSince)})`);
    }
    if (i.status === 'invalid') {
      return el('small', {class: 'note'}, `its registry node ${i.problem}: nothing from it is shown`);
    }
    if (i.status === 'stale') {
      return el('small', {class: 'note'}, `no update for ${Dash.span(now - i.updatedAt)} (limit ${Dash.span(i.staleAfterMs)})`);
    }
    return null;
  }

  function queue(q) {
    return el('li', {title: `vhost ${q.vhost}, broker ${q.broker}, ${q.delivered} delivered, ${q.failed} failed, `
        + `${q.deadLettered} dead-lettered`},
      el('span', {class: 'queue'}, q.queue),
      el('small', {}, ` prefetch ${q.prefetch} · ${q.threads} threads · ${q.mode}`
        + (q.backlog === null || q.backlog === undefined ? '' : ` · backlog ${Dash.number(q.backlog)}`)));
  }

  function renderCharts() {
    const to = app.now;
    const first = app.instances.reduce((m, i) => [i.cpu, i.memory, i.messagesPerMinute, i.backlog]
      .reduce((n, series) => series.length ? Math.min(n, series[0][0]) : n, m), to);
    // The last 24 hours, or less while the fleet is younger: its data spread over the width.
    const from = Math.max(app.from, Math.min(first, to - 10_000));
    const lines = (series) => app.instances.map(i => ({
      label: i.id + (i.status === 'gone' ? ' (gone)' : ''), colour: colour(i.id), points: i[series], gone: i.status === 'gone',
    }));
    const total = (points) => ({label: 'all instances', colour: '#1f2933', points, total: true});
    const specs = {
      'chart-messages': {title: 'Messages per minute', unit: '', decimals: 0,
        lines: lines('messagesPerMinute').concat(total(app.messagesPerMinuteTotal))},
      'chart-failed': {title: 'Failed worker calls per minute', unit: '', decimals: 0,
        lines: lines('failed').concat(total(app.failedTotal))},
      'chart-dead': {title: 'Dead-lettered per minute', unit: '', decimals: 0,
        lines: lines('deadLettered').concat(total(app.deadLetteredTotal))},
      'chart-backlog': {title: 'Backlog (messages ready, at each minute\u2019s end)', unit: '', decimals: 0, lines: lines('backlog')},
      'chart-cpu': {title: 'CPU % (of the machine)', unit: ' %', decimals: 1, lines: lines('cpu')},
      'chart-memory': {title: 'Memory % (of the machine)', unit: ' %', decimals: 1, lines: lines('memory')},
    };
    // The figures go on the page first: each chart is drawn at the width the layout gives it.
    if (charts.children.length === 0) {
      charts.replaceChildren(...Object.keys(specs).map(id => el('figure', {class: 'chart', id})));
    }
    for (const [id, spec] of Object.entries(specs)) {
      Dash.drawChart(document.getElementById(id), {...spec, from, to});
    }
  }

  async function load() {
    try {
      app = await Dash.api('apps/' + encodeURIComponent(name));
    } catch (error) {
      if (error.status !== 404) {
        throw error;
      }
      // Its last instance left long ago, or never was: say so, and keep listening in case it comes back.
      Dash.banner(error.message);
      rows.replaceChildren();
      charts.replaceChildren();
      app = null;
      return;
    }
    fetchedAt = Date.now();
    render();
    renderCharts();
  }

  Dash.live(load, change => change.apps.includes(name) || change.apps.includes(''), 2000);
  let resized = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resized);
    resized = setTimeout(() => app && renderCharts(), 150);
  });
  // Uptimes and ages move on between changes.
  setInterval(() => app && render(), 5000);
})();
