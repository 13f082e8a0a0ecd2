// HealthGateway dashboard, the service list: which services are shown, in what order, and how many at once.
// Built for 10,000 services: problems first, healthy services folded into counts per tag while the list is long,
// a search box and filters, and only a page of cards in the document at a time (more as the reader scrolls).
// Classic scripts loaded in order share one global scope.
'use strict';

const PAGE_SIZE = 60;
// Up to this many services every card is shown; beyond it the healthy ones fold into counts until asked for.
const FOLD_HEALTHY_ABOVE = 48;
const NAMES_IN_HEADLINE = 8;

// Lower ranks come first: what needs attention is at the top, whatever the service is called.
const RANK = { Unhealthy: 0, Degraded: 2, Pending: 4, Healthy: 6 };

const listState = { query: '', status: '', tag: '', limit: PAGE_SIZE };

// One row per service, from the /health/ready body alone: no request per service is needed to sort or search.
function buildRows(ready) {
  const entries = ready.entries || {};
  const critical = new Set(ready.criticalServices || []);
  const rows = [];
  const seen = new Set();
  for (const [name, entry] of Object.entries(entries)) {
    seen.add(name);
    const data = entry.data || {};
    rows.push(makeRow(name, entry.status, critical.has(name), entry.tags || [], data.kind || '', data.target || ''));
  }
  for (const name of ready.pendingServices || []) {
    if (!seen.has(name)) rows.push(makeRow(name, 'Pending', critical.has(name), [], '', ''));
  }
  rows.sort((a, b) => (a.rank - b.rank) || a.name.localeCompare(b.name));
  return rows;
}

function makeRow(name, status, critical, tags, kind, target) {
  const rank = (RANK[status] ?? 5) - (critical && status !== 'Healthy' ? 1 : 0);
  // Tags without the kind and "critical", which every entry repeats: what is left is how the user grouped them.
  const own = tags.filter((t) => t !== kind && t !== 'critical');
  const haystack = (name + ' ' + tags.join(' ') + ' ' + kind + ' ' + target).toLowerCase();
  return { name, status, critical, tags: own, kind, rank, haystack };
}

function isFiltered() {
  return listState.query !== '' || listState.status !== '' || listState.tag !== '';
}

function matches(row) {
  if (listState.status === 'problems' && row.status === 'Healthy') return false;
  if (listState.status && listState.status !== 'problems' && row.status !== listState.status) return false;
  if (listState.tag && !row.tags.includes(listState.tag) && row.kind !== listState.tag) return false;
  if (listState.query) {
    for (const term of listState.query.split(/\s+/)) {
      if (term && !row.haystack.includes(term)) return false;
    }
  }
  return true;
}

// What the list shows now: the matching rows (healthy ones folded while the list is long and unfiltered), the
// page of them that gets cards, and the folded healthy services counted per tag.
function selectRows(rows) {
  const fold = !isFiltered() && rows.length > FOLD_HEALTHY_ABOVE;
  const shown = [];
  const folded = new Map();
  let foldedCount = 0;
  for (const row of rows) {
    if (!matches(row)) continue;
    if (fold && row.status === 'Healthy') {
      foldedCount++;
      for (const group of row.tags.length ? row.tags : [row.kind || 'other']) folded.set(group, (folded.get(group) || 0) + 1);
      continue;
    }
    shown.push(row);
  }
  return { shown, page: shown.slice(0, listState.limit), folded, foldedCount };
}

function knownTags(rows) {
  const tags = new Set();
  for (const row of rows) {
    for (const tag of row.tags) tags.add(tag);
    if (row.kind) tags.add(row.kind);
  }
  return [...tags].sort();
}

function renderTagOptions(rows) {
  const select = $('tag-filter');
  const tags = knownTags(rows);
  const key = tags.join('\u0000');
  if (select.dataset.key === key) return;
  select.dataset.key = key;
  const current = listState.tag;
  const options = [new Option('All tags', '')];
  for (const tag of tags) options.push(new Option(tag, tag));
  select.replaceChildren(...options);
  select.value = tags.includes(current) ? current : '';
}

function renderFolded(selection) {
  const box = $('healthy-groups');
  box.hidden = selection.foldedCount === 0;
  if (box.hidden) return;
  setText($('healthy-groups-count'), selection.foldedCount + ' healthy services folded');
  const list = $('healthy-groups-list');
  const groups = [...selection.folded.entries()].sort((a, b) => (b[1] - a[1]) || a[0].localeCompare(b[0]));
  const key = groups.map(([g, n]) => g + '=' + n).join('|');
  if (list.dataset.key === key) return;
  list.dataset.key = key;
  list.replaceChildren(...groups.map(([group, count]) => {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'group-button';
    button.dataset.tag = group;
    button.textContent = group + ' · ' + count + ' healthy';
    button.addEventListener('click', () => applyFilter({ tag: group, status: 'Healthy' }));
    item.appendChild(button);
    return item;
  }));
}

function renderSummary(rows, selection) {
  let text;
  if (rows.length === 0) text = '';
  else if (isFiltered()) text = selection.shown.length + ' of ' + rows.length + ' services match';
  else text = rows.length + ' services';
  if (selection.page.length < selection.shown.length) text += ' · showing ' + selection.page.length;
  setText($('services-summary'), text);
  $('services-empty').hidden = rows.length > 0;
  $('services-no-match').hidden = !(rows.length > 0 && selection.shown.length === 0 && selection.foldedCount === 0);
  const more = $('show-more');
  const left = selection.shown.length - selection.page.length;
  more.hidden = left <= 0;
  setText(more, 'Show ' + Math.min(left, PAGE_SIZE) + ' more (' + left + ' not shown)');
}

function applyFilter(change) {
  Object.assign(listState, change, { limit: PAGE_SIZE });
  $('service-search').value = listState.query;
  $('status-filter').value = listState.status;
  $('tag-filter').value = listState.tag;
  rerenderList();
}

function showMore() {
  listState.limit += PAGE_SIZE;
  rerenderList();
}

// Named lists in the headline stay readable with thousands of names.
function nameList(names) {
  if (names.length <= NAMES_IN_HEADLINE) return names.join(', ');
  return names.slice(0, NAMES_IN_HEADLINE).join(', ') + ' and ' + (names.length - NAMES_IN_HEADLINE) + ' more';
}

function setUpList() {
  let typing = null;
  $('service-search').addEventListener('input', (event) => {
    clearTimeout(typing);
    typing = setTimeout(() => applyFilter({ query: event.target.value.trim().toLowerCase() }), 120);
  });
  $('status-filter').addEventListener('change', (event) => applyFilter({ status: event.target.value }));
  $('tag-filter').addEventListener('change', (event) => applyFilter({ tag: event.target.value }));
  $('filters').addEventListener('submit', (event) => event.preventDefault());
  $('show-more').addEventListener('click', showMore);
  $('show-healthy').addEventListener('click', () => applyFilter({ status: 'Healthy' }));
  // The next page is added when the end of the list scrolls into view, so only what is read is in the document.
  if ('IntersectionObserver' in window) {
    new IntersectionObserver((seen) => {
      if (seen.some((s) => s.isIntersecting) && !$('show-more').hidden) showMore();
    }, { rootMargin: '400px' }).observe($('services-end'));
  }
}
