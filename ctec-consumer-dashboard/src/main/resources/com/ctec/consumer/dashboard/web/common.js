'use strict';
// What both pages share: where the dashboard lives, JSON fetches, the live event stream,
// DOM building that never parses a value as HTML, and formats.
const Dash = (() => {
  // This script is <dashboard>/static/common.js: everything else is relative to <dashboard>/,
  // so the dashboard also works behind a proxy under a path prefix.
  const base = new URL('..', document.currentScript.src);

  async function api(path) {
    const response = await fetch(new URL('api/' + path, base), {cache: 'no-store'});
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error(body.error || 'HTTP ' + response.status);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  // Runs load() now and whenever the server reports a change that matters to this page: never two
  // at once, and at most one per gapMs (a big fleet rewrites entries all the time); changes that
  // come meanwhile make one more load afterwards.
  function live(load, matters, gapMs = 1000) {
    let running = false;
    let again = false;
    let last = 0;
    let timer = 0;
    const run = () => {
      const wait = last + gapMs - Date.now();
      if (running || wait > 0) {
        again = again || running;
        if (!running && !timer) {
          timer = setTimeout(() => {
            timer = 0;
            run();
          }, wait);
        }
        return;
      }
      running = true;
      load().catch(showError).finally(() => {
        running = false;
        last = Date.now();
        if (again) {
          again = false;
          run();
        }
      });
    };
    const indicator = document.getElementById('live');
    const events = new EventSource(new URL('api/events', base));
    let opened = false;
    events.onopen = () => {
      indicator.textContent = '● live';
      indicator.className = 'live on';
      // After a reconnect, changes may have been missed.
      if (opened) {
        run();
      }
      opened = true;
    };
    events.onerror = () => {
      indicator.textContent = '○ reconnecting…';
      indicator.className = 'live off';
    };
    events.onmessage = (message) => {
      const change = JSON.parse(message.data);
      if (!matters || matters(change)) {
        run();
      }
    };
    run();
  }

  function showError(error) {
    banner(`Could not load the data: ${error.message}`);
  }

  // Shows a warning above the page, or hides it when text is empty.
  function banner(text) {
    const node = document.getElementById('banner');
    node.textContent = text || '';
    node.hidden = !text;
  }

  // document.createElement with attributes and children; strings become text nodes, which is
  // how every value from ZooKeeper reaches the page (an app named <script> is just text).
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== null && value !== undefined && value !== false) {
        node.setAttribute(name, value);
      }
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined) {
        node.append(child instanceof Node ? child : String(child));
      }
    }
    return node;
  }

  // A small coloured square, for legends and the instance table. Set through the CSSOM: the
  // page's Content-Security-Policy refuses inline style attributes.
  function swatch(colour, className) {
    const node = el('span', {class: 'swatch ' + (className || '')});
    node.style.background = colour;
    return node;
  }

  // A number with its label, for the tiles at the top of both pages.
  function fact(label, value, className) {
    return el('div', {class: 'fact ' + (className || '')}, el('span', {class: 'value'}, value), el('span', {class: 'label'}, label));
  }

  // The red banner while the dashboard itself has lost ZooKeeper: what the page shows is frozen.
  function connection(data) {
    banner(data.connected ? '' : 'The dashboard lost its ZooKeeper connection: what you see is frozen until it reconnects.');
  }

  function badge(status) {
    return el('span', {class: 'badge status-' + status}, status);
  }

  // The server's clock now, from a document's "now" and how long ago it was fetched: ages are
  // the server's view, whatever this browser's clock says.
  function serverNow(data, fetchedAt) {
    return data.now + (Date.now() - fetchedAt);
  }

  function ago(ms) {
    return ms < 0 ? 'just now' : span(ms) + ' ago';
  }

  // 42 s, 12 min 5 s, 3 h 12 min, 2 d 3 h: the two largest units.
  function span(ms) {
    const s = Math.floor(ms / 1000);
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
    return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
  }

  function pad(n) {
    return String(n).padStart(2, '0');
  }

  function clock(ms) {
    const d = new Date(ms);
    return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }

  function dateTime(ms) {
    const d = new Date(ms);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock(ms)}`;
  }

  function number(value, decimals = 0) {
    return value.toLocaleString('en-US', {maximumFractionDigits: decimals, minimumFractionDigits: decimals});
  }

  return {base, api, live, banner, connection, el, fact, swatch, badge, serverNow, ago, span, clock, dateTime, number};
})();
