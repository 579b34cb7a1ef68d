// The bml dashboard: follows /api/metrics (Server-Sent Events) and /api/run, draws the charts, sends patches.
import {HeatMap, LineChart, layerColor, percent} from './charts.js';

const $ = (id) => document.getElementById(id);
const STATUS_EVERY_MS = 2000;
const REDRAW_AFTER_MS = 250;
const TOKEN_KEY = 'bml.token';
const number = new Intl.NumberFormat('en', {maximumFractionDigits: 1});

/** Everything received from the metrics stream, in arrival order; the charts are redrawn from it. */
const data = {
  train: {steps: [], loss: [], acc: [], samplesPerS: []},
  fit: {steps: [], clean: []},
  views: {steps: [], viewsPerS: [], lag: []},
  layers: [],
  probeSteps: [],
  knn: new Map(),
  changes: [],
};

const charts = {
  loss: new LineChart($('chart-loss'), {yLabel: 'loss'}),
  acc: new LineChart($('chart-train-acc'), {yLabel: 'fit of the run\'s labels', yMin: 0, yMax: 1,
    format: (v) => percent(v), legend: true}),
  knn: new LineChart($('chart-knn'), {yLabel: 'k-NN test accuracy', xLabel: 'snapshot step', yMin: 0, yMax: 1,
    format: (v) => percent(v), legend: true}),
  rates: new LineChart($('chart-rates'), {yLabel: 'per second', legend: true}),
  lag: new LineChart($('chart-lag'), {yLabel: 'queue lag (views)', yMin: 0}),
};
const heatMap = new HeatMap($('heatmap'));

function onTrain(r) {
  const t = data.train;
  t.steps.push(r.step);
  t.loss.push(r.loss ?? NaN);
  t.acc.push(r.train_acc ?? NaN);
  t.samplesPerS.push(r.samples_per_s ?? NaN);
}

/** Clean fit: eval-mode accuracy on the unaugmented training images, measured with each probe. */
function onFit(r) {
  data.fit.steps.push(r.step);
  data.fit.clean.push(r.clean_fit ?? NaN);
}

function onViews(r) {
  const v = data.views;
  v.steps.push(r.step);
  v.viewsPerS.push(r.views_per_s ?? NaN);
  v.lag.push(r.queue_lag ?? NaN);
}

function onProbe(r) {
  const step = r.snapshot_step ?? r.step;
  if (!data.knn.has(r.layer)) {
    data.layers.push(r.layer);
    data.knn.set(r.layer, new Map());
  }
  data.knn.get(r.layer).set(step, r);
  if (!data.probeSteps.includes(step)) {
    data.probeSteps.push(step);
    data.probeSteps.sort((a, b) => a - b);
  }
}

/** A changed setting's value as a person writes it: the server renders 0.0005 as Java does, "5.0E-4". */
function settingValue(text) {
  const value = typeof text === 'string' && text.trim() !== '' ? Number(text) : NaN;
  return Number.isFinite(value) ? String(value) : String(text);
}

function describeChanges(changes) {
  return Object.entries(changes || {}).map(([key, c]) => `${key} ${settingValue(c.old)} → ${settingValue(c.new)}`);
}

function onConfig(r) {
  const changes = describeChanges(r.changes);
  const label = `step ${r.step}, ${r.origin}: ${changes.join('; ') || 'no change'}`;
  data.changes.push({step: r.step, label});
  const item = document.createElement('li');
  item.textContent = label;
  $('config-log').appendChild(item);
}

function redraw() {
  const t = data.train;
  const v = data.views;
  const markers = data.changes;
  charts.loss.render([{name: 'loss', color: layerColor(0), xs: t.steps, ys: t.loss}], markers);
  charts.acc.render([
    {name: 'views fit (batch accuracy on augmented views)', color: layerColor(2), xs: t.steps, ys: t.acc},
    {name: 'clean fit (eval mode, unaugmented images)', color: layerColor(5), xs: data.fit.steps, ys: data.fit.clean},
  ], markers);
  charts.knn.render(data.layers.map((layer, i) => {
    const byStep = data.knn.get(layer);
    const steps = [...byStep.keys()].sort((a, b) => a - b);
    return {name: layer, color: layerColor(i), xs: steps, ys: steps.map((s) => byStep.get(s).knn_acc ?? NaN)};
  }), markers);
  charts.rates.render([
    {name: 'views/s (augmentation)', color: layerColor(1), xs: v.steps, ys: v.viewsPerS},
    {name: 'samples/s (trainer)', color: layerColor(0), xs: t.steps, ys: t.samplesPerS},
  ], markers);
  charts.lag.render([{name: 'queue lag', color: layerColor(4), xs: v.steps, ys: v.lag}], markers);
  heatMap.render(data.layers, data.probeSteps, (layer, step) => data.knn.get(layer)?.get(step));
  $('dashboard').dataset.markers = String(markers.length);
  renderTable();
}

function renderTable() {
  const rows = data.layers.map((layer) => {
    const byStep = data.knn.get(layer);
    const r = byStep.get(Math.max(...byStep.keys()));
    const tr = document.createElement('tr');
    for (const cell of [layer, String(r.snapshot_step ?? r.step), percent(r.knn_acc, 1), `${r.k}, ${r.weighting}`]) {
      const td = document.createElement('td');
      td.textContent = cell;
      tr.appendChild(td);
    }
    return tr;
  });
  $('knn-table').tBodies[0].replaceChildren(...rows);
}

let redrawPending = false;

function scheduleRedraw() {
  if (!redrawPending) {
    redrawPending = true;
    setTimeout(() => {
      redrawPending = false;
      redraw();
    }, REDRAW_AFTER_MS);
  }
}

function setStream(state, label) {
  $('stream-state').dataset.stream = state;
  $('stream-state').textContent = label;
}

/**
 * EventSource resumes after a dropped connection by itself, sending Last-Event-ID: no record twice. After an
 * {@code end} record the stream stays open, because a resumed run appends to the same queue; only when the server
 * then goes away is it closed.
 */
function followMetrics() {
  const source = new EventSource('api/metrics');
  let ended = false;
  source.onopen = () => setStream('live', 'live');
  source.onerror = () => {
    if (ended) {
      source.close();
    } else if (source.readyState === EventSource.CLOSED) {
      setStream('closed', 'closed (reload the page to retry)');
    } else {
      setStream('reconnecting', 'reconnecting…');
    }
  };
  const handlers = {train: onTrain, views: onViews, probe: onProbe, fit: onFit, config: onConfig};
  for (const [type, handle] of Object.entries(handlers)) {
    source.addEventListener(type, (event) => {
      if (ended) {
        ended = false;
        setStream('live', 'live (run resumed)');
      }
      handle(JSON.parse(event.data));
      scheduleRedraw();
    });
  }
  source.addEventListener('end', (event) => {
    const r = JSON.parse(event.data);
    ended = true;
    setStream('ended', `run ended at step ${r.step} (${r.status})`);
    scheduleRedraw();
  });
}

function setting(config, path) {
  return path.split('.').reduce((node, key) => (node == null ? undefined : node[key]), config);
}

function showStatus(s) {
  const state = $('run-state');
  state.dataset.state = s.state;
  state.textContent = s.state;
  $('run-step').textContent = s.total_steps > 0 ? `${s.step} / ${s.total_steps}` : `${s.step} (until stopped)`;
  $('run-samples').textContent = s.samples_per_s == null ? '–' : `${number.format(s.samples_per_s)} samples/s`;
  $('run-views').textContent = s.views_per_s == null ? '–' : `${number.format(s.views_per_s)} views/s`;
  $('run-lag').textContent = `${s.queue_lag} views`;
  const c = s.config;
  if (c) {
    $('run-config').textContent = `${setting(c, 'model.encoder')} (width ${setting(c, 'model.width')}) on `
      + `${setting(c, 'data.source')} (${setting(c, 'data.train-size')} training images), `
      + `${setting(c, 'augmentation.pipeline')} augmentation, batch ${setting(c, 'training.batch-size')}, `
      + `${setting(c, 'training.optimizer')} lr ${setting(c, 'training.lr')}, label noise `
      + `${setting(c, 'labels.noise')}; probe every ${setting(c, 'probe.every')} steps, `
      + `k = ${setting(c, 'probe.k')} (${setting(c, 'probe.weighting')})`;
  }
}

async function pollStatus() {
  try {
    const response = await fetch('api/run', {cache: 'no-store'});
    const body = await response.json();
    if (!response.ok) {
      throw new Error(response.status === 401
        ? 'this server requires the bearer token for reads (it is not bound to loopback); the dashboard needs a '
          + 'loopback bind (bml.http.host = 127.0.0.1), reached through an SSH tunnel from elsewhere'
        : body.error || `HTTP ${response.status}`);
    }
    showStatus(body);
    $('run-message').textContent = '';
  } catch (error) {
    if ($('stream-state').dataset.stream === 'ended') {
      // The server goes away with the run: the end record already said how it ended.
      $('run-state').dataset.state = 'ended';
      $('run-state').textContent = 'ended';
      $('run-message').textContent = '';
    } else {
      $('run-state').dataset.state = 'unreachable';
      $('run-state').textContent = 'unreachable';
      $('run-message').textContent = `Status unavailable: ${error.message}`;
    }
  }
  setTimeout(pollStatus, STATUS_EVERY_MS);
}

async function sendPatch(event) {
  event.preventDefault();
  const token = $('token').value.trim();
  sessionStorage.setItem(TOKEN_KEY, token);
  const result = $('patch-result');
  const button = $('patch-submit');
  button.disabled = true;
  result.dataset.outcome = 'pending';
  delete result.dataset.step;
  result.textContent = 'Sending…';
  try {
    const response = await fetch('api/config', {method: 'PATCH', body: $('patch').value,
      headers: {'Authorization': `Bearer ${token}`, 'Content-Type': 'text/plain; charset=utf-8'}});
    const body = await response.json().catch(() => ({error: `HTTP ${response.status} without a JSON body`}));
    if (response.ok) {
      const changes = describeChanges(body.changes);
      result.dataset.outcome = 'accepted';
      result.dataset.step = String(body.step);
      result.textContent = `Applied from step ${body.step}: ${changes.join(', ') || 'nothing changed'}`;
    } else {
      result.dataset.outcome = 'refused';
      result.textContent = `Refused (HTTP ${response.status}): ${body.error}`;
    }
  } catch (error) {
    result.dataset.outcome = 'error';
    result.textContent = `Not sent: ${error.message}`;
  } finally {
    button.disabled = false;
  }
}

$('token').value = sessionStorage.getItem(TOKEN_KEY) || '';
$('patch-form').addEventListener('submit', sendPatch);
window.addEventListener('resize', scheduleRedraw);
redraw();
followMetrics();
pollStatus();
