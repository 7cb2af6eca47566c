'use strict';
// Line charts as hand-written SVG: no library, no network. One <path class="line"> per line (the
// browser test counts them), a grid, time and value labels, a legend, and a hover read-out of
// each line's value at the nearest sample with its time.
(() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const H = 210;
  const M = {left: 60, right: 14, top: 12, bottom: 26};
  const PLOT_H = H - M.top - M.bottom;
  const SECOND = 1000;
  const MINUTE = 60 * SECOND;
  const HOUR = 60 * MINUTE;
  const TIME_STEPS = [SECOND, 5 * SECOND, 10 * SECOND, 30 * SECOND, MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE,
    30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR];

  function svg(tag, attributes) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      node.setAttribute(name, value);
    }
    return node;
  }

  // The smallest of 1, 2, 2.5, 5 x 10^n that is at least max: round numbers on the value axis.
  function niceMax(max) {
    if (!(max > 0)) return 1;
    const power = Math.pow(10, Math.floor(Math.log10(max)));
    return [1, 2, 2.5, 5, 10].map(m => m * power).find(m => m >= max);
  }

  // Ticks at round local times, about six across.
  function timeTicks(from, to) {
    const step = TIME_STEPS.find(s => (to - from) / s <= 6) || 12 * HOUR;
    const offset = new Date(from).getTimezoneOffset() * MINUTE;
    const ticks = [];
    for (let t = Math.ceil((from - offset) / step) * step + offset; t <= to; t += step) {
      ticks.push(t);
    }
    return {ticks, withSeconds: step < MINUTE};
  }

  function timeLabel(t, withSeconds) {
    return withSeconds ? Dash.clock(t) : Dash.clock(t).slice(0, 5);
  }

  // The index of the sample of points ([time, value] by time) nearest to t.
  function nearest(points, t) {
    let lo = 0;
    let hi = points.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (points[mid][0] < t) lo = mid + 1; else hi = mid;
    }
    return lo > 0 && t - points[lo - 1][0] < points[lo][0] - t ? lo - 1 : lo;
  }

  // Draws into figure (a <figure class="chart"> already on the page) at its width in pixels, so
  // labels keep their size in a narrow column; the page draws again when the window is resized.
  // spec: {title, unit, decimals, from, to, lines: [{label, colour, points: [[ms, value]], gone, total}]}
  function drawChart(figure, spec) {
    const {from, to, lines} = spec;
    const W = Math.max(320, figure.clientWidth - 24);
    const PLOT_W = W - M.left - M.right;
    const max = niceMax(lines.reduce((m, l) => l.points.reduce((n, p) => Math.max(n, p[1]), m), 0));
    const x = t => M.left + (t - from) / (to - from) * PLOT_W;
    const y = v => M.top + PLOT_H - v / max * PLOT_H;
    const format = v => Dash.number(v, spec.decimals) + spec.unit;
    // Enough decimals for the grid's step to show: 0.25, not 0.3.
    const gridDecimals = Math.min(2, Math.max(0, 1 - Math.floor(Math.log10(max / 4))));

    const chart = svg('svg', {viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: 'plot', role: 'img', 'aria-label': spec.title});
    for (let i = 0; i <= 4; i++) {
      const v = max * i / 4;
      chart.append(svg('line', {class: 'grid', x1: M.left, x2: W - M.right, y1: y(v), y2: y(v)}));
      const label = svg('text', {class: 'axis', x: M.left - 6, y: y(v) + 4, 'text-anchor': 'end'});
      label.textContent = Dash.number(v, gridDecimals) + spec.unit;
      chart.append(label);
    }
    const {ticks, withSeconds} = timeTicks(from, to);
    for (const t of ticks) {
      chart.append(svg('line', {class: 'tick', x1: x(t), x2: x(t), y1: M.top + PLOT_H, y2: M.top + PLOT_H + 4}));
      // A label at the very edge is anchored inside the chart rather than cut off.
      const anchor = x(t) > W - M.right - 24 ? 'end' : 'middle';
      const label = svg('text', {class: 'axis', x: x(t), y: H - 8, 'text-anchor': anchor});
      label.textContent = timeLabel(t, withSeconds);
      chart.append(label);
    }
    for (const line of lines) {
      // A lone sample is drawn as a dot (a zero-length segment with round caps).
      const d = line.points.map((p, i) => `${i ? 'L' : 'M'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join('')
        + (line.points.length === 1 ? 'h0.01' : '');
      chart.append(svg('path', {class: 'line' + (line.total ? ' total' : '') + (line.gone ? ' gone' : ''), d, stroke: line.colour,
        'data-label': line.label}));
    }

    figure.replaceChildren(Dash.el('figcaption', {}, spec.title), chart,
      Dash.el('ul', {class: 'legend'}, lines.map(l =>
        Dash.el('li', {class: l.gone ? 'gone' : null}, Dash.swatch(l.colour, l.total ? 'total' : null), l.label))));
    hover(figure, chart, spec, {x, y, format, W, PLOT_W});
  }

  // A vertical rule, a dot on each line and a box with the time and every line's value there.
  function hover(figure, chart, spec, {x, y, format, W, PLOT_W}) {
    const rule = svg('line', {class: 'rule', y1: M.top, y2: M.top + PLOT_H, visibility: 'hidden'});
    const dots = spec.lines.map(l => svg('circle', {class: 'dot', r: 3.5, fill: l.colour, visibility: 'hidden'}));
    chart.append(rule, ...dots);
    const tip = Dash.el('div', {class: 'tip', hidden: true});
    figure.append(tip);

    chart.addEventListener('mousemove', event => {
      const box = chart.getBoundingClientRect();
      const t = spec.from + ((event.clientX - box.left) * W / box.width - M.left) / PLOT_W * (spec.to - spec.from);
      const hits = spec.lines.map((line, i) => ({line, i, point: line.points.length ? line.points[nearest(line.points, t)] : null}))
        .filter(h => h.point);
      if (!hits.length) return;
      // The time shown is the sample nearest the pointer; each line shows its own sample nearest to it.
      const at = hits.map(h => h.point[0]).reduce((a, b) => Math.abs(b - t) < Math.abs(a - t) ? b : a);
      rule.setAttribute('x1', x(at));
      rule.setAttribute('x2', x(at));
      rule.setAttribute('visibility', 'visible');
      dots.forEach(dot => dot.setAttribute('visibility', 'hidden'));
      for (const h of hits) {
        dots[h.i].setAttribute('cx', x(h.point[0]));
        dots[h.i].setAttribute('cy', y(h.point[1]));
        dots[h.i].setAttribute('visibility', 'visible');
      }
      tip.replaceChildren(Dash.el('div', {class: 'time'}, Dash.dateTime(at)),
        ...hits.map(h => Dash.el('div', {class: 'row'}, Dash.swatch(h.line.colour, h.line.total ? 'total' : null),
          Dash.el('span', {class: 'label'}, h.line.label), Dash.el('span', {class: 'value'}, format(h.point[1])))));
      tip.hidden = false;
      const left = event.clientX - figure.getBoundingClientRect().left;
      // Keep the box inside the figure: to the left of the pointer on the right half.
      tip.style.left = (left > figure.clientWidth / 2 ? left - tip.offsetWidth - 12 : left + 12) + 'px';
      tip.style.top = (event.clientY - figure.getBoundingClientRect().top + 12) + 'px';
    });
    chart.addEventListener('mouseleave', () => {
      tip.hidden = true;
      rule.setAttribute('visibility', 'hidden');
      dots.forEach(dot => dot.setAttribute('visibility', 'hidden'));
    });
  }

  Dash.drawChart = drawChart;
})();
