// The runs page: polls the listing, renders the runs table, and compares the selected runs. The selection lives
// in the address (#compare=ID,ID) so a comparison can be bookmarked or shared with whoever sees the same runs.
import {layerColor} from './charts.js';
import {Comparison} from './compare.js';
import {RunsTable} from './runs-table.js';

const $ = (id) => document.getElementById(id);
const LISTING_EVERY_MS = 3000;
const main = $('lab');
const listingUrl = main.dataset.listing;
let listing = {runs: []};
let selection = [];

function colors() {
  return new Map(selection.map((id, i) => [id, layerColor(i)]));
}

function message(text) {
  $('lab-message').textContent = text;
}

const comparison = new Comparison({
  section: $('compare'), hint: $('compare-hint'), profile: $('chart-profile'), loss: $('chart-loss'),
  fit: $('chart-fit'), knnSteps: $('knn-steps'), diffTable: $('config-diff'), diffNote: $('diff-note'),
}, {onEnded: () => refresh(), onError: message});

function compareSelected() {
  const rows = selection.map((id) => table.row(id)).filter((row) => row);
  comparison.show(rows, colors(), listing.diff);
}

const table = new RunsTable({table: $('runs'), filter: $('runs-filter'), status: $('runs-status'),
  count: $('runs-count')}, {
  colorOf: (id) => colors().get(id),
  onSelect: (ids) => {
    selection = ids;
    history.replaceState(null, '', ids.length ? `#compare=${ids.map(encodeURIComponent).join(',')}`
      : location.pathname + location.search);
    table.render();
    compareSelected();
  },
});

function selectionInAddress() {
  const match = /^#compare=(.*)$/.exec(location.hash);
  return match ? match[1].split(',').filter((id) => id).map(decodeURIComponent) : [];
}

let timer = null;

async function refresh() {
  clearTimeout(timer);
  try {
    const response = await fetch(listingUrl, {cache: 'no-store'});
    const body = await response.json();
    if (!response.ok) {
      throw new Error(body.error || `HTTP ${response.status}`);
    }
    const first = main.dataset.loaded !== 'true';
    listing = body;
    $('listing-title').textContent = body.title || '';
    table.update(body);
    if (first) {
      main.dataset.loaded = 'true';
      table.select(selectionInAddress());
    } else {
      compareSelected();
    }
    message('');
  } catch (error) {
    message(`Cannot load the runs: ${error.message}`);
  }
  timer = setTimeout(refresh, LISTING_EVERY_MS);
}

$('selection-clear').addEventListener('click', () => table.select([]));
refresh();
