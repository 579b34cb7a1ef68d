// The comparison of selected runs: loads each run's curves (api/series), follows live runs' events (api/events),
// overlays them (per-layer profile, k-NN per layer over steps, loss, fit) and shows their settings differences.
import {LineChart, percent} from './charts.js';
import {ProfileChart} from './profile-chart.js';

const REDRAW_AFTER_MS = 250;

/** One selected run's curves, keyed by step so that a record seen twice (series, then events) counts once. */
class RunCurves {
  constructor(row) {
    this.id = row.id;
    this.row = row;
    this.train = new Map();
    this.knn = new Map();
    this.layers = [];
    this.cleanFit = new Map();
    this.source = null;
    this.loaded = false;
  }

  addProbe(step, layer, accuracy) {
    if (!this.knn.has(layer)) {
      this.knn.set(layer, new Map());
      this.layers.push(layer);
    }
    this.knn.get(layer).set(step, accuracy ?? NaN);
  }

  /** The api/series columns. */
  addSeries(series) {
    const t = series.train;
    t.step.forEach((step, i) => this.train.set(step, {loss: t.loss[i] ?? NaN, acc: t.train_acc[i] ?? NaN}));
    for (const layer of series.layers) {
      const values = series.probes.knn[layer] || [];
      series.probes.step.forEach((step, i) => {
        if (values[i] != null) {
          this.addProbe(step, layer, values[i]);
        }
      });
    }
    const fit = series.clean_fit;
    fit.step.forEach((step, i) => this.cleanFit.set(step, fit.value[i] ?? NaN));
  }

  /** One metric record from the event stream, as written to metrics.jsonl. */
  addRecord(type, r) {
    if (type === 'train') {
      this.train.set(r.step, {loss: r.loss ?? NaN, acc: r.train_acc ?? NaN});
    } else if (type === 'probe') {
      this.addProbe(r.snapshot_step ?? r.step, r.layer, r.knn_acc);
    }
    if (typeof r.clean_fit === 'number') {
      this.cleanFit.set(r.step, r.clean_fit);
    }
  }

  /** The k-NN of every layer at the latest probed step. */
  profile() {
    let step = -Infinity;
    for (const byStep of this.knn.values()) {
      for (const s of byStep.keys()) {
        step = Math.max(step, s);
      }
    }
    const values = new Map();
    for (const [layer, byStep] of this.knn) {
      if (byStep.has(step)) {
        values.set(layer, byStep.get(step));
      }
    }
    return {step, values};
  }

  close() {
    if (this.source) {
      this.source.close();
      this.source = null;
    }
  }
}

function sortedSeries(map, pick) {
  const xs = [...map.keys()].sort((a, b) => a - b);
  return {xs, ys: xs.map((x) => pick(map.get(x)))};
}

export class Comparison {
  /**
   * elements: {section, hint, profile, loss, fit, knnSteps, diffTable, diffNote}; onEnded() is called when a
   * followed live run sends its end record; onError(message) when something cannot be loaded.
   */
  constructor(elements, {onEnded, onError}) {
    this.el = elements;
    this.onEnded = onEnded;
    this.onError = onError;
    this.runs = new Map();
    this.order = [];
    this.colors = new Map();
    this.diffKey = '';
    this.redrawPending = false;
    this.profile = new ProfileChart(elements.profile);
    this.loss = new LineChart(elements.loss, {yLabel: 'loss', legend: true});
    this.fit = new LineChart(elements.fit, {yLabel: 'training accuracy', yMin: 0, yMax: 1,
      format: (v) => percent(v), legend: true});
    this.knnCharts = new Map();
    window.addEventListener('resize', () => this.scheduleRedraw());
  }

  /**
   * Shows these listing rows (the selection, in order) with these colours; loads runs not yet shown, follows
   * those that are live, forgets those no longer selected.
   */
  show(rows, colors, diffUrl) {
    this.colors = colors;
    this.order = rows.map((r) => r.id);
    for (const [id, run] of this.runs) {
      if (!this.order.includes(id)) {
        run.close();
        this.runs.delete(id);
      }
    }
    for (const row of rows) {
      let run = this.runs.get(row.id);
      if (!run) {
        run = new RunCurves(row);
        this.runs.set(row.id, run);
        this.load(run);
      }
      run.row = row;
      if (row.events && !run.source && run.loaded) {
        this.follow(run);
      }
    }
    this.el.section.dataset.runs = String(rows.length);
    this.el.hint.textContent = rows.length === 0
      ? 'Select two or more runs in the table to overlay them here.'
      : `Comparing ${rows.length} run${rows.length === 1 ? '' : 's'}: ${this.order.join(', ')}`;
    const key = this.order.join('\n');
    if (key !== this.diffKey) {
      this.diffKey = key;
      this.loadDiff(diffUrl);
    }
    this.scheduleRedraw();
  }

  async load(run) {
    try {
      const response = await fetch(run.row.series, {cache: 'no-store'});
      const body = await response.json();
      if (!response.ok) {
        throw new Error(body.error || `HTTP ${response.status}`);
      }
      run.addSeries(body);
    } catch (error) {
      this.onError(`Cannot load the curves of ${run.id}: ${error.message}`);
    }
    run.loaded = true;
    if (this.runs.get(run.id) === run && run.row.events) {
      this.follow(run);
    }
    this.scheduleRedraw();
  }

  /** Replays the run's queue from its start (records already loaded are keyed by step), then stays live. */
  follow(run) {
    const source = new EventSource(run.row.events);
    run.source = source;
    for (const type of ['train', 'probe']) {
      source.addEventListener(type, (event) => {
        run.addRecord(type, JSON.parse(event.data));
        this.scheduleRedraw();
      });
    }
    source.addEventListener('end', () => {
      run.close();
      this.onEnded();
    });
  }

  async loadDiff(diffUrl) {
    const table = this.el.diffTable;
    if (this.order.length === 0 || !diffUrl) {
      table.tHead.rows[0].replaceChildren();
      table.tBodies[0].replaceChildren();
      table.dataset.rows = '0';
      this.el.diffNote.textContent = '';
      return;
    }
    const key = this.diffKey;
    try {
      const query = this.order.map((id) => `run=${encodeURIComponent(id)}`).join('&');
      const response = await fetch(`${diffUrl}?${query}`, {cache: 'no-store'});
      const diff = await response.json();
      if (!response.ok) {
        throw new Error(diff.error || `HTTP ${response.status}`);
      }
      if (key === this.diffKey) {
        this.renderDiff(diff);
      }
    } catch (error) {
      this.onError(`Cannot compare the settings: ${error.message}`);
    }
  }

  renderDiff(diff) {
    const table = this.el.diffTable;
    const head = document.createElement('th');
    head.scope = 'col';
    head.textContent = 'Setting';
    table.tHead.rows[0].replaceChildren(head, ...diff.runs.map((id) => {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = id;
      return th;
    }));
    table.tBodies[0].replaceChildren(...diff.rows.map((row) => {
      const tr = document.createElement('tr');
      tr.dataset.key = row.key;
      const key = document.createElement('td');
      key.textContent = row.key;
      tr.appendChild(key);
      for (const value of row.values) {
        const td = document.createElement('td');
        td.textContent = value ?? 'absent';
        td.className = value == null ? 'absent' : '';
        tr.appendChild(td);
      }
      return tr;
    }));
    table.dataset.rows = String(diff.rows.length);
    this.el.diffNote.textContent = diff.runs.length < 2
      ? 'Select a second run to see where their settings differ.'
      : `${diff.rows.length} setting${diff.rows.length === 1 ? '' : 's'} differ; ${diff.same} are the same in `
        + 'every selected run (run.dir, different for every run, is not compared).';
  }

  scheduleRedraw() {
    if (!this.redrawPending) {
      this.redrawPending = true;
      setTimeout(() => {
        this.redrawPending = false;
        this.redraw();
      }, REDRAW_AFTER_MS);
    }
  }

  selected() {
    return this.order.map((id) => this.runs.get(id)).filter((run) => run);
  }

  redraw() {
    const runs = this.selected();
    const layers = [];
    for (const run of runs) {
      for (const layer of run.layers) {
        if (!layers.includes(layer)) {
          layers.push(layer);
        }
      }
    }
    this.profile.render(layers, runs.filter((run) => run.layers.length > 0).map((run) => {
      const profile = run.profile();
      return {name: run.id, color: this.colors.get(run.id), values: profile.values, step: profile.step};
    }));
    this.loss.render(runs.map((run) => ({name: run.id, color: this.colors.get(run.id),
      ...sortedSeries(run.train, (t) => t.loss)})), []);
    const fit = runs.map((run) => ({name: run.id, color: this.colors.get(run.id),
      ...sortedSeries(run.train, (t) => t.acc)}));
    for (const run of runs.filter((r) => r.cleanFit.size > 0)) {
      fit.push({name: `${run.id} (clean)`, color: this.colors.get(run.id), ...sortedSeries(run.cleanFit, (v) => v)});
    }
    this.fit.render(fit, []);
    this.renderKnnSteps(layers, runs);
  }

  renderKnnSteps(layers, runs) {
    const container = this.el.knnSteps;
    for (const [layer, chart] of this.knnCharts) {
      if (!layers.includes(layer)) {
        chart.figure.remove();
        this.knnCharts.delete(layer);
      }
    }
    for (const layer of layers) {
      let chart = this.knnCharts.get(layer);
      if (!chart) {
        const figure = document.createElement('figure');
        figure.dataset.layer = layer;
        const caption = document.createElement('figcaption');
        caption.textContent = `${layer}: k-NN test accuracy over snapshot steps`;
        const svgElement = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        svgElement.setAttribute('class', 'chart');
        svgElement.setAttribute('role', 'img');
        svgElement.dataset.layer = layer;
        figure.append(caption, svgElement);
        chart = {figure, chart: new LineChart(svgElement, {yLabel: 'k-NN test accuracy', xLabel: 'snapshot step',
          yMin: 0, yMax: 1, format: (v) => percent(v), legend: true})};
        this.knnCharts.set(layer, chart);
      }
      container.appendChild(chart.figure);
      chart.chart.render(runs.filter((run) => run.knn.has(layer)).map((run) => ({name: run.id,
        color: this.colors.get(run.id), ...sortedSeries(run.knn.get(layer), (v) => v)})), []);
    }
  }
}
