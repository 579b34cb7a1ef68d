// SVG line charts and a heat map for the bml dashboard: plain DOM, no libraries, nothing fetched.
const SVG_NS = 'http://www.w3.org/2000/svg';
/** Charts are drawn in CSS pixels at their current width (so text keeps its size), this wide when hidden. */
const DEFAULT_WIDTH = 640;
const MARGIN = {left: 62, right: 18, top: 16, bottom: 44};
/** Lines are drawn from at most this many points; longer series are averaged over buckets of records. */
const MAX_POINTS = 600;
/** Okabe-Ito colours (distinguishable with colour-vision deficiencies), then a few extra. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#000000', '#999999',
  '#8C564B', '#B8A000'];
/** Viridis stops: perceptually uniform, readable in grey, dark = low accuracy. */
const VIRIDIS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];

export function layerColor(index) {
  return PALETTE[index % PALETTE.length];
}

export function percent(value, digits = 0) {
  return `${(value * 100).toFixed(digits)} %`;
}

const compact = new Intl.NumberFormat('en', {notation: 'compact', maximumFractionDigits: 1});

/** A tick label: as many decimals as the tick spacing needs, compact notation for large numbers. */
export function tickLabel(value, step) {
  if (Math.abs(value) >= 10000) {
    return compact.format(value);
  }
  const digits = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
  return value.toFixed(digits);
}

function svg(name, attrs, parent) {
  const node = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attrs || {})) {
    node.setAttribute(key, String(value));
  }
  if (parent) {
    parent.appendChild(node);
  }
  return node;
}

function text(parent, x, y, content, attrs = {}) {
  const node = svg('text', {x, y, ...attrs}, parent);
  node.textContent = content;
  return node;
}

function tooltip(parent, content) {
  svg('title', {}, parent).textContent = content;
}

function widthOf(element) {
  const width = Math.round(element.getBoundingClientRect().width);
  return width >= 240 ? width : DEFAULT_WIDTH;
}

/** Lays out legend entries (a swatch and a name each) in rows that fit the width; returns their positions. */
function legendLayout(names, left, width) {
  const spots = [];
  let [x, row] = [left, 0];
  for (const name of names) {
    const advance = 26 + name.length * 6.6;
    if (x > left && x + advance > width) {
      [x, row] = [left, row + 1];
    }
    spots.push({x, row});
    x += advance;
  }
  return {spots, rows: names.length ? row + 1 : 0};
}

/** About {@code count} round tick values covering [lo, hi], and their spacing. */
export function niceTicks(lo, hi, count) {
  const span = hi > lo ? hi - lo : 1;
  const raw = span / count;
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const norm = raw / magnitude;
  const step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * magnitude;
  const first = Math.ceil(lo / step - 1e-9);
  const ticks = [];
  for (let i = first; i * step <= hi + step * 1e-9; i++) {
    ticks.push(Number((i * step).toPrecision(12)));
  }
  return {ticks, step};
}

/** Means over consecutive buckets when a series has more than MAX_POINTS records; {@code per} = bucket size. */
function downsample(xs, ys) {
  const n = xs.length;
  const per = Math.max(1, Math.ceil(n / MAX_POINTS));
  const outX = [];
  const outY = [];
  for (let i = 0; i < n; i += per) {
    let sumX = 0;
    let sumY = 0;
    let count = 0;
    for (let j = i; j < Math.min(n, i + per); j++) {
      if (Number.isFinite(ys[j])) {
        sumX += xs[j];
        sumY += ys[j];
        count++;
      }
    }
    if (count > 0) {
      outX.push(sumX / count);
      outY.push(sumY / count);
    }
  }
  return {xs: outX, ys: outY, per};
}

/**
 * A line chart over training steps with optional vertical markers (settings changes).
 * Options: xLabel, yLabel, yMin, yMax (fixed ends), format (value -> label), legend (draw series names).
 */
export class LineChart {
  constructor(element, options) {
    this.element = element;
    this.options = {xLabel: 'training step', format: null, legend: false, ...options};
  }

  /** series: [{name, color, xs, ys}]; markers: [{step, label}]. Redraws everything. */
  render(series, markers) {
    const o = this.options;
    const el = this.element;
    const width = widthOf(el);
    const legend = legendLayout(o.legend ? series.map((s) => s.name) : [], MARGIN.left, width - MARGIN.right);
    const height = 250 + (legend.rows ? legend.rows * 18 + 8 : 0);
    el.replaceChildren();
    el.setAttribute('viewBox', `0 0 ${width} ${height}`);
    const shown = series.map((s) => ({...s, ...downsample(s.xs, s.ys)}));
    const points = series.reduce((sum, s) => sum + s.xs.length, 0);
    el.dataset.points = String(points);
    el.dataset.markers = String(markers.length);
    let [xMin, xMax, yMin, yMax] = [Infinity, -Infinity, Infinity, -Infinity];
    for (const s of shown) {
      s.xs.forEach((x, i) => {
        xMin = Math.min(xMin, x);
        xMax = Math.max(xMax, x);
        yMin = Math.min(yMin, s.ys[i]);
        yMax = Math.max(yMax, s.ys[i]);
      });
    }
    for (const m of markers) {
      xMin = Math.min(xMin, m.step);
      xMax = Math.max(xMax, m.step);
    }
    if (!Number.isFinite(xMin)) {
      text(el, width / 2, height / 2, 'waiting for data…', {'text-anchor': 'middle', class: 'placeholder'});
      return;
    }
    if (!Number.isFinite(yMin)) {
      [yMin, yMax] = [0, 1];
    }
    yMin = o.yMin ?? yMin;
    yMax = o.yMax ?? yMax;
    if (!(yMax > yMin)) {
      yMax = yMin + (Math.abs(yMin) || 1) * 0.1;
    }
    let yTicks = niceTicks(yMin, yMax, 5);
    if (o.yMin === undefined) {
      yMin = Math.floor(yMin / yTicks.step) * yTicks.step;
    }
    if (o.yMax === undefined) {
      yMax = Math.ceil(yMax / yTicks.step) * yTicks.step;
    }
    yTicks = niceTicks(yMin, yMax, 5);
    if (!(xMax > xMin)) {
      xMax = xMin + 1;
    }
    const bottom = 250 - MARGIN.bottom;
    const px = (x) => MARGIN.left + (x - xMin) / (xMax - xMin) * (width - MARGIN.left - MARGIN.right);
    const py = (y) => bottom - (y - yMin) / (yMax - yMin) * (bottom - MARGIN.top);
    const format = o.format || ((v) => tickLabel(v, yTicks.step));

    const axes = svg('g', {}, el);
    for (const t of yTicks.ticks) {
      svg('line', {x1: MARGIN.left, x2: width - MARGIN.right, y1: py(t), y2: py(t), class: 'grid-line'}, axes);
      text(axes, MARGIN.left - 6, py(t) + 4, format(t), {'text-anchor': 'end'});
    }
    const xTicks = niceTicks(xMin, xMax, 6);
    for (const t of xTicks.ticks.filter((v) => v >= xMin && v <= xMax)) {
      svg('line', {x1: px(t), x2: px(t), y1: bottom, y2: bottom + 5, class: 'axis'}, axes);
      text(axes, px(t), bottom + 17, tickLabel(t, Math.max(1, xTicks.step)), {'text-anchor': 'middle'});
    }
    svg('line', {x1: MARGIN.left, x2: MARGIN.left, y1: MARGIN.top, y2: bottom, class: 'axis'}, axes);
    svg('line', {x1: MARGIN.left, x2: width - MARGIN.right, y1: bottom, y2: bottom, class: 'axis'}, axes);
    text(axes, (MARGIN.left + width - MARGIN.right) / 2, bottom + 36, o.xLabel,
        {'text-anchor': 'middle', class: 'axis-label'});
    const yLabelY = (MARGIN.top + bottom) / 2;
    text(axes, 14, yLabelY, o.yLabel, {'text-anchor': 'middle', class: 'axis-label',
      transform: `rotate(-90 14 ${yLabelY})`});

    for (const s of shown) {
      if (s.xs.length === 0) {
        continue;
      }
      const d = s.xs.map((x, i) => `${i === 0 ? 'M' : 'L'}${px(x).toFixed(1)},${py(s.ys[i]).toFixed(1)}`).join('');
      const path = svg('path', {d, class: 'series', stroke: s.color, 'data-series': s.name}, el);
      tooltip(path, s.name);
      if (s.xs.length <= 60) {
        s.xs.forEach((x, i) => {
          const dot = svg('circle', {cx: px(x), cy: py(s.ys[i]), r: 2.6, fill: s.color}, el);
          tooltip(dot, `${s.name} at step ${x}: ${format(s.ys[i])}`);
        });
      }
    }
    const per = Math.max(1, ...shown.map((s) => s.per));
    if (per > 1) {
      text(el, width - MARGIN.right, MARGIN.top - 4, `each point: mean of ${per} records`,
          {'text-anchor': 'end', class: 'note'});
    }

    const marks = svg('g', {class: 'markers'}, el);
    for (const m of markers) {
      const g = svg('g', {'data-step': m.step}, marks);
      svg('line', {x1: px(m.step), x2: px(m.step), y1: MARGIN.top, y2: bottom, class: 'marker'}, g);
      svg('line', {x1: px(m.step), x2: px(m.step), y1: MARGIN.top, y2: bottom, class: 'marker-hit'}, g);
      svg('path', {d: `M${px(m.step) - 4},${MARGIN.top - 6}h8l-4,6z`, class: 'marker-flag'}, g);
      tooltip(g, m.label);
    }

    series.forEach((s, i) => {
      const spot = legend.spots[i];
      if (spot) {
        const y = 258 + spot.row * 18;
        svg('rect', {x: spot.x, y: y - 2, width: 16, height: 4, fill: s.color}, el);
        text(el, spot.x + 21, y + 4, s.name);
      }
    });
  }
}

/** The colour of a value in [0, 1] on the viridis scale. */
export function viridis(t) {
  const clamped = Math.min(1, Math.max(0, t));
  const pos = clamped * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(pos));
  const f = pos - i;
  const rgb = VIRIDIS[i].map((c, k) => Math.round(c + (VIRIDIS[i + 1][k] - c) * f));
  return `rgb(${rgb.join(',')})`;
}

/** Rows = layers, columns = probe steps, colour = k-NN accuracy, with a colour legend. */
export class HeatMap {
  constructor(element) {
    this.element = element;
  }

  /** value(layer, step) returns the probe record {knn_acc, k, weighting} or undefined. */
  render(layers, steps, value) {
    const el = this.element;
    const width = widthOf(el);
    const rowHeight = 24;
    const left = 84;
    const top = 8;
    const plotWidth = width - left - MARGIN.right;
    const plotBottom = top + layers.length * rowHeight;
    const height = plotBottom + 110;
    el.replaceChildren();
    el.setAttribute('viewBox', `0 0 ${width} ${height}`);
    el.dataset.probeSteps = String(steps.length);
    el.dataset.layers = String(layers.length);
    if (steps.length === 0 || layers.length === 0) {
      text(el, width / 2, height / 2, 'waiting for the first probe…', {'text-anchor': 'middle', class: 'placeholder'});
      return;
    }
    let [lo, hi] = [Infinity, -Infinity];
    for (const layer of layers) {
      for (const step of steps) {
        const r = value(layer, step);
        if (r && Number.isFinite(r.knn_acc)) {
          lo = Math.min(lo, r.knn_acc);
          hi = Math.max(hi, r.knn_acc);
        }
      }
    }
    // The colour range is the data's range widened to tenths, so small differences stay visible.
    lo = Number.isFinite(lo) ? Math.floor(lo * 10 + 1e-9) / 10 : 0;
    hi = Number.isFinite(hi) ? Math.ceil(hi * 10 - 1e-9) / 10 : 1;
    if (!(hi > lo)) {
      hi = Math.min(1, lo + 0.1);
      lo = hi - 0.1;
    }
    const scale = (v) => (v - lo) / (hi - lo);
    const cellWidth = plotWidth / steps.length;

    layers.forEach((layer, row) => {
      const y = top + row * rowHeight;
      text(el, left - 6, y + rowHeight / 2 + 4, layer, {'text-anchor': 'end'});
      steps.forEach((step, col) => {
        const x = left + col * cellWidth;
        const r = value(layer, step);
        const ok = r && Number.isFinite(r.knn_acc);
        const cell = svg('rect', {x: x.toFixed(2), y, width: (cellWidth + 0.4).toFixed(2), height: rowHeight - 1,
          class: ok ? 'cell' : 'cell-missing', fill: ok ? viridis(scale(r.knn_acc)) : '#eef1f4',
          'data-layer': layer, 'data-step': step}, el);
        tooltip(cell, ok
          ? `${layer} at step ${step}: k-NN accuracy ${percent(r.knn_acc, 1)} (k = ${r.k}, ${r.weighting})`
          : `${layer} at step ${step}: no result`);
        if (ok && cellWidth >= 38) {
          text(el, x + cellWidth / 2, y + rowHeight / 2 + 4, percent(r.knn_acc, 0).replace(' ', ''), {
            'text-anchor': 'middle', fill: scale(r.knn_acc) > 0.6 ? '#000' : '#fff', 'pointer-events': 'none'});
        }
      });
    });

    const every = Math.ceil(steps.length / 8);
    steps.forEach((step, col) => {
      const last = col === steps.length - 1;
      if (col % every === 0 || (last && col % every >= every / 2)) {
        const x = left + (col + 0.5) * cellWidth;
        svg('line', {x1: x, x2: x, y1: plotBottom, y2: plotBottom + 4, class: 'axis'}, el);
        text(el, x, plotBottom + 16, String(step), {'text-anchor': 'middle'});
      }
    });
    text(el, left + plotWidth / 2, plotBottom + 32, 'snapshot step (training step of the probed weights)',
        {'text-anchor': 'middle', class: 'axis-label'});

    const legendY = plotBottom + 50;
    const legendWidth = Math.min(320, plotWidth);
    const defs = svg('defs', {}, el);
    const gradient = svg('linearGradient', {id: `${el.id}-gradient`, x1: 0, x2: 1, y1: 0, y2: 0}, defs);
    VIRIDIS.forEach((_, i) => {
      svg('stop', {offset: `${i * 100 / (VIRIDIS.length - 1)}%`, 'stop-color': viridis(i / (VIRIDIS.length - 1))},
          gradient);
    });
    text(el, left, legendY - 6, 'colour = k-NN test accuracy', {class: 'axis-label'});
    svg('rect', {x: left, y: legendY, width: legendWidth, height: 12, fill: `url(#${el.id}-gradient)`,
      class: 'legend'}, el);
    const legendTicks = niceTicks(lo, hi, 4);
    for (const t of legendTicks.ticks.filter((v) => v >= lo - 1e-9 && v <= hi + 1e-9)) {
      const x = left + scale(t) * legendWidth;
      svg('line', {x1: x, x2: x, y1: legendY + 12, y2: legendY + 16, class: 'axis'}, el);
      text(el, x, legendY + 28, percent(t, legendTicks.step < 0.01 ? 1 : 0), {'text-anchor': 'middle'});
    }
  }
}
