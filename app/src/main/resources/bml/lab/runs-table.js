// The runs table: renders any runs listing (GET api/runs of bml serve, or a sweep coordinator's), with a text
// filter, a status filter, sorting by any column and a selection kept in selection order.
import {percent} from './charts.js';

const DASH = '—';

function setting(row, key) {
  return row.settings ? row.settings[key] : undefined;
}

function numberOrNull(value) {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** Seconds as 45 s, 12 min 5 s, 3 h 02 min. */
export function duration(seconds) {
  if (seconds == null || !Number.isFinite(seconds)) {
    return DASH;
  }
  if (seconds < 60) {
    return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
  }
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/**
 * The columns: key, title, the value sorted on (sort), the text shown (text, default String(sort)), numeric ones
 * right-aligned and sorted as numbers with empty values last.
 */
export const COLUMNS = [
  {key: 'id', title: 'Run', sort: (r) => r.id},
  {key: 'status', title: 'Status', sort: (r) => r.status},
  {key: 'data', title: 'Data', sort: (r) => r.data},
  {key: 'pipeline', title: 'Augmentation', sort: (r) => setting(r, 'augmentation.pipeline')},
  {key: 'noise', title: 'Noise', numeric: true, sort: (r) => numberOrNull(setting(r, 'labels.noise'))},
  {key: 'per-view', title: 'Per-view', sort: (r) => setting(r, 'labels.per-view')},
  {key: 'views', title: 'Views/sample', numeric: true,
    sort: (r) => numberOrNull(setting(r, 'augmentation.views-per-sample')),
    text: (r) => (numberOrNull(setting(r, 'augmentation.views-per-sample')) === 0 ? 'fresh'
      : setting(r, 'augmentation.views-per-sample'))},
  {key: 'model', title: 'Model',
    sort: (r) => (setting(r, 'model.encoder') == null ? null
      : `${setting(r, 'model.encoder')} w${setting(r, 'model.width')} h${setting(r, 'model.head-width')}`)},
  {key: 'seed', title: 'Seed', numeric: true, sort: (r) => numberOrNull(setting(r, 'seed'))},
  {key: 'steps', title: 'Steps', numeric: true, sort: (r) => numberOrNull(r.steps),
    text: (r) => {
      const total = numberOrNull(r.total_steps);
      return r.steps == null ? DASH : (total > 0 ? `${r.steps} / ${total}` : String(r.steps));
    }},
  {key: 'knn', title: 'Best enc. k-NN', numeric: true, sort: (r) => numberOrNull(r.best_encoder_knn),
    text: (r) => (numberOrNull(r.best_encoder_knn) == null ? DASH
      : `${percent(r.best_encoder_knn, 1)} (${r.best_encoder_layer} @ ${r.knn_step})`)},
  {key: 'clean', title: 'Clean fit', numeric: true, sort: (r) => numberOrNull(r.clean_fit),
    text: (r) => (numberOrNull(r.clean_fit) == null ? DASH : percent(r.clean_fit, 1))},
  {key: 'wall', title: 'Wall time', numeric: true, sort: (r) => numberOrNull(r.wall_s),
    text: (r) => duration(numberOrNull(r.wall_s))},
  {key: 'parent', title: 'Parent',
    sort: (r) => (r.parent ? `${r.parent.id ?? r.parent.path} @ step ${r.parent.step}` : null)},
];

function compare(a, b, column) {
  const [x, y] = [column.sort(a), column.sort(b)];
  if (x == null || y == null) {
    return x == null && y == null ? 0 : (x == null ? 1 : -1);
  }
  return column.numeric ? x - y : String(x).localeCompare(String(y), 'en', {numeric: true});
}

export class RunsTable {
  /**
   * elements: {table, filter, status, count}; onSelect(ids) is called with the selected ids in selection order,
   * colorOf(id) gives a selected run's colour in the charts.
   */
  constructor(elements, {onSelect, colorOf}) {
    this.el = elements;
    this.onSelect = onSelect;
    this.colorOf = colorOf;
    this.rows = [];
    this.listed = '';
    this.selection = [];
    this.sortKey = 'id';
    this.descending = false;
    this.renderHeader();
    this.el.filter.addEventListener('input', () => this.render());
    this.el.status.addEventListener('change', () => this.render());
  }

  renderHeader() {
    const tr = this.el.table.tHead.rows[0];
    const select = document.createElement('th');
    select.scope = 'col';
    select.textContent = '';
    select.setAttribute('aria-label', 'Selected for comparison');
    tr.replaceChildren(select, ...COLUMNS.map((column) => {
      const th = document.createElement('th');
      th.scope = 'col';
      th.dataset.col = column.key;
      th.className = column.numeric ? 'numeric' : '';
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = column.title;
      button.addEventListener('click', () => {
        this.descending = this.sortKey === column.key ? !this.descending : false;
        this.sortKey = column.key;
        this.render();
      });
      th.appendChild(button);
      return th;
    }));
  }

  /** A new listing: rows are replaced, the selection keeps the ids that still exist. */
  update(listing) {
    // Unchanged rows are not redrawn, so polling never takes the focus from a checkbox or a sorted header.
    const text = JSON.stringify(listing.runs || []);
    if (text === this.listed) {
      return;
    }
    this.listed = text;
    this.rows = listing.runs || [];
    const ids = new Set(this.rows.map((r) => r.id));
    const kept = this.selection.filter((id) => ids.has(id));
    const changed = kept.length !== this.selection.length;
    this.selection = kept;
    this.updateStatusOptions();
    this.render();
    if (changed) {
      this.onSelect([...this.selection]);
    }
  }

  /** Selects exactly these ids (those that exist), in this order. */
  select(ids) {
    const known = new Set(this.rows.map((r) => r.id));
    this.selection = ids.filter((id, i) => known.has(id) && ids.indexOf(id) === i);
    this.render();
    this.onSelect([...this.selection]);
  }

  toggle(id, on) {
    this.selection = this.selection.filter((s) => s !== id);
    if (on) {
      this.selection.push(id);
    }
    this.render();
    this.onSelect([...this.selection]);
  }

  row(id) {
    return this.rows.find((r) => r.id === id);
  }

  updateStatusOptions() {
    const current = this.el.status.value;
    const statuses = [...new Set(this.rows.map((r) => r.status))].sort();
    const any = document.createElement('option');
    any.value = '';
    any.textContent = 'any';
    this.el.status.replaceChildren(any, ...statuses.map((s) => {
      const option = document.createElement('option');
      option.value = s;
      option.textContent = s;
      return option;
    }));
    this.el.status.value = statuses.includes(current) ? current : '';
  }

  cellText(row, column) {
    const value = column.text ? column.text(row) : column.sort(row);
    return value == null || value === '' ? DASH : String(value);
  }

  visibleRows() {
    const words = this.el.filter.value.toLowerCase().split(/\s+/).filter((w) => w);
    const status = this.el.status.value;
    const column = COLUMNS.find((c) => c.key === this.sortKey) || COLUMNS[0];
    return this.rows
      .filter((r) => !status || r.status === status)
      .filter((r) => {
        const text = COLUMNS.map((c) => this.cellText(r, c)).join(' ').toLowerCase();
        return words.every((w) => text.includes(w));
      })
      .sort((a, b) => (this.descending ? -1 : 1) * compare(a, b, column)
        || a.id.localeCompare(b.id, 'en', {numeric: true}));
  }

  render() {
    const visible = this.visibleRows();
    for (const th of this.el.table.tHead.rows[0].cells) {
      if (th.dataset.col === this.sortKey) {
        th.setAttribute('aria-sort', this.descending ? 'descending' : 'ascending');
      } else {
        th.removeAttribute('aria-sort');
      }
    }
    this.el.table.tBodies[0].replaceChildren(...visible.map((r) => this.renderRow(r)));
    this.el.table.dataset.rows = String(visible.length);
    this.el.count.textContent = `${visible.length} of ${this.rows.length} runs shown, `
      + `${this.selection.length} selected`;
  }

  renderRow(r) {
    const tr = document.createElement('tr');
    tr.dataset.runId = r.id;
    tr.dataset.status = r.status;
    const selected = this.selection.includes(r.id);
    tr.className = selected ? 'selected' : '';
    const pick = document.createElement('td');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.className = 'select';
    box.checked = selected;
    box.dataset.runId = r.id;
    box.setAttribute('aria-label', `compare ${r.id}`);
    box.addEventListener('change', () => this.toggle(r.id, box.checked));
    pick.appendChild(box);
    if (selected) {
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.backgroundColor = this.colorOf(r.id);
      pick.appendChild(swatch);
    }
    tr.appendChild(pick);
    for (const column of COLUMNS) {
      const td = document.createElement('td');
      td.dataset.col = column.key;
      td.className = column.numeric ? 'numeric' : '';
      td.textContent = this.cellText(r, column);
      if (column.key === 'id') {
        td.title = r.path || r.id;
      } else if (column.key === 'status') {
        td.dataset.status = r.status;
        td.dataset.live = String(Boolean(r.live));
        if (r.live) {
          td.textContent = `● ${r.status}`;
        }
        if (r.dashboard) {
          const link = document.createElement('a');
          link.href = r.dashboard;
          link.textContent = 'dashboard';
          link.target = '_blank';
          link.rel = 'noopener';
          td.append(' ', link);
        }
        if (r.error) {
          const error = document.createElement('span');
          error.className = 'error';
          error.textContent = r.error;
          td.appendChild(error);
        }
      } else if (column.key === 'parent' && r.parent) {
        td.title = r.parent.path;
        if (r.parent.id && this.row(r.parent.id)) {
          const link = document.createElement('a');
          link.href = '#';
          link.textContent = this.cellText(r, column);
          link.addEventListener('click', (event) => {
            event.preventDefault();
            this.toggle(r.parent.id, true);
          });
          td.replaceChildren(link);
        }
      }
      tr.appendChild(td);
    }
    return tr;
  }
}
