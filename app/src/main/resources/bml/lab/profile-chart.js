// The per-layer profile: k-NN accuracy (y) of every layer in network order (x), one line per run, so the runs'
// profiles lie over each other. The run dashboard's charts.js draws over steps; this one over named layers.
import {niceTicks, percent} from './charts.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const DEFAULT_WIDTH = 900;
const MARGIN = {left: 62, right: 18, top: 16, bottom: 48};
const PLOT_HEIGHT = 280;

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

export class ProfileChart {
  constructor(element) {
    this.element = element;
  }

  /**
   * layers: the x categories in order; series: [{name, color, values: Map layer -> accuracy, step}]. A layer a
   * run did not probe breaks its line there.
   */
  render(layers, series) {
    const el = this.element;
    const rect = el.getBoundingClientRect().width;
    const width = rect >= 240 ? Math.round(rect) : DEFAULT_WIDTH;
    const legendRows = series.length;
    const height = PLOT_HEIGHT + (legendRows ? legendRows * 18 + 8 : 0);
    el.replaceChildren();
    el.setAttribute('viewBox', `0 0 ${width} ${height}`);
    el.dataset.series = String(series.length);
    el.dataset.layers = String(layers.length);
    if (layers.length === 0 || series.length === 0) {
      text(el, width / 2, PLOT_HEIGHT / 2, series.length ? 'no probe yet…' : 'select runs to compare',
          {'text-anchor': 'middle', class: 'placeholder'});
      return;
    }
    const bottom = PLOT_HEIGHT - MARGIN.bottom;
    const band = (width - MARGIN.left - MARGIN.right) / layers.length;
    const px = (i) => MARGIN.left + (i + 0.5) * band;
    const py = (y) => bottom - y * (bottom - MARGIN.top);
    const ticks = niceTicks(0, 1, 5);
    for (const t of ticks.ticks) {
      svg('line', {x1: MARGIN.left, x2: width - MARGIN.right, y1: py(t), y2: py(t), class: 'grid-line'}, el);
      text(el, MARGIN.left - 6, py(t) + 4, percent(t), {'text-anchor': 'end'});
    }
    svg('line', {x1: MARGIN.left, x2: MARGIN.left, y1: MARGIN.top, y2: bottom, class: 'axis'}, el);
    svg('line', {x1: MARGIN.left, x2: width - MARGIN.right, y1: bottom, y2: bottom, class: 'axis'}, el);
    layers.forEach((layer, i) => {
      svg('line', {x1: px(i), x2: px(i), y1: bottom, y2: bottom + 5, class: 'axis'}, el);
      text(el, px(i), bottom + 18, layer, {'text-anchor': 'middle', 'data-layer': layer});
    });
    text(el, (MARGIN.left + width - MARGIN.right) / 2, bottom + 38, 'layer (network order: input → encoder → head)',
        {'text-anchor': 'middle', class: 'axis-label'});
    const yLabelY = (MARGIN.top + bottom) / 2;
    text(el, 14, yLabelY, 'k-NN test accuracy', {'text-anchor': 'middle', class: 'axis-label',
      transform: `rotate(-90 14 ${yLabelY})`});

    for (const s of series) {
      let d = '';
      let pen = 'M';
      layers.forEach((layer, i) => {
        const v = s.values.get(layer);
        if (v == null || !Number.isFinite(v)) {
          pen = 'M';
          return;
        }
        d += `${pen}${px(i).toFixed(1)},${py(v).toFixed(1)}`;
        pen = 'L';
      });
      const path = svg('path', {d: d || 'M0,0', class: 'series', stroke: s.color, 'data-series': s.name,
        'data-step': s.step}, el);
      svg('title', {}, path).textContent = `${s.name} at step ${s.step}`;
      layers.forEach((layer, i) => {
        const v = s.values.get(layer);
        if (v != null && Number.isFinite(v)) {
          const dot = svg('circle', {cx: px(i), cy: py(v), r: 3.2, fill: s.color, 'data-series': s.name}, el);
          svg('title', {}, dot).textContent = `${s.name}, ${layer} at step ${s.step}: ${percent(v, 1)}`;
        }
      });
    }
    series.forEach((s, i) => {
      const y = PLOT_HEIGHT + 6 + i * 18;
      svg('rect', {x: MARGIN.left, y: y - 2, width: 16, height: 4, fill: s.color}, el);
      text(el, MARGIN.left + 21, y + 4, `${s.name} (step ${s.step})`);
    });
  }
}
