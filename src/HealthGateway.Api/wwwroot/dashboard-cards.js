// HealthGateway dashboard, service cards, silences, history and transitions. Classic scripts loaded in order share one global scope.
// Every piece of data is written with textContent or SVG attributes, never parsed as HTML.
'use strict';

// ---------- rendering: services ----------

// Cards for exactly the names given, in their order; cards of services no longer on the page leave the document.
function renderServices(names, ready, detailsList) {
  const container = $('services');
  const critical = new Set(ready.criticalServices || []);
  const wanted = new Set(names);
  for (const [name, card] of cards) {
    if (!wanted.has(name)) {
      card.remove();
      cards.delete(name);
    }
  }

  names.forEach((name, index) => {
    let card = cards.get(name);
    if (!card) {
      card = createCard(name);
      cards.set(name, card);
    }

    if (container.children[index] !== card) container.insertBefore(card, container.children[index] || null);
    delete card.dataset.lastKnown;
    updateCard(card, name, (ready.entries || {})[name], detailsList[index], critical.has(name));
  });
}

function createCard(name) {
  const card = $('card-template').content.firstElementChild.cloneNode(true);
  card.dataset.service = name;
  const heading = card.querySelector('.card-name');
  heading.id = 'service-' + name;
  heading.textContent = name;
  card.setAttribute('aria-labelledby', heading.id);
  return card;
}

function updateCard(card, name, entry, details, critical) {
  const status = entry ? entry.status : 'Pending';
  const kind = (details && details.kind) || (entry && entry.data && entry.data.kind) || '';
  setText(card.querySelector('.badge-kind'), kind);
  card.querySelector('.badge-critical').hidden = !critical;
  setStatus(card, card.querySelector('.status-pill'), status, status === 'Pending' ? 'Pending' : status);

  const description = entry ? entry.description : 'Not checked yet.';
  setText(card.querySelector('.description'), description || '');

  // A dependent that is down because a service it depends on is down says so above its own description.
  const rootCause = card.querySelector('.root-cause');
  const root = entry && entry.status === 'Unhealthy' ? entry.rootCause : null;
  rootCause.hidden = !root;
  setText(rootCause, root ? 'down because ' + root + ' is down' : '');

  const durationMs = entry ? parseTimeSpan(entry.duration) : null;
  setText(card.querySelector('.fact-duration'), entry ? formatMs(durationMs) : '–');
  const checkedAt = parseDate(entry && entry.data ? entry.data.checkedAt : details && details.checkedAt);
  setText(card.querySelector('.fact-checked'), checkedAt ? formatClock(checkedAt) : '–');
  const target = (details && details.target) || (entry && entry.data && entry.data.target) || '–';
  setText(card.querySelector('.fact-target'), target);
  card.querySelector('.fact-target').title = target;
  setText(card.querySelector('.fact-streak'), details ? streakText(details) : '–');
  setText(card.querySelector('.fact-uptime'), details && details.uptime ? uptimeText(details.uptime) : '–');

  renderPlacement(card, entry ? entry.cluster : null);
  renderSilence(card, entry ? entry.silenced : null);
  renderHistory(card, details ? details.history || [] : []);
  renderTransitions(card, details ? details.transitions || [] : []);
}

// In a fleet of replicas: which replica checks the service, and whether that is the one this page talks to.
function renderPlacement(card, cluster) {
  const row = card.querySelector('.fact-cluster');
  row.hidden = !cluster;
  if (!cluster) return;
  const text = cluster.mode === 'standalone'
    ? 'this replica (' + cluster.replica + '), standalone: the fleet is unreachable'
    : cluster.owner + (cluster.owner === cluster.replica ? ' (this replica)' : '') + ' · ' + replicaCount((cluster.members || []).length);
  setText(row.querySelector('.fact-owner'), text);
}

function replicaCount(count) {
  return count === 1 ? '1 replica' : count + ' replicas';
}

// A silenced service: who silenced it and why, how long is left, and a button that ends it (DELETE, with the API
// key from the diagnostics field when one is entered).
function renderSilence(card, silenced) {
  const box = card.querySelector('.silence');
  box.hidden = !silenced;
  if (!silenced) {
    delete box.dataset.id;
    return;
  }

  box.dataset.id = silenced.id;
  box.dataset.until = silenced.until;
  const button = box.querySelector('.silence-end');
  if (!button.dataset.wired) {
    button.dataset.wired = 'true';
    button.addEventListener('click', () => endSilence(box));
  }
  box.dataset.reason = silenced.reason || '';
  box.dataset.gate = silenced.gate === false ? 'false' : 'true';
  updateSilenceText(box, Date.now());
}

function updateSilenceText(box, now) {
  const until = parseDate(box.dataset.until);
  const left = until ? Math.max(0, until.getTime() - now) : 0;
  const minutes = Math.ceil(left / 60000);
  const leftText = minutes >= 60 ? Math.floor(minutes / 60) + ' h ' + (minutes % 60) + ' min' : minutes + ' min';
  const gate = box.dataset.gate === 'false' ? ', out of the readiness gate' : '';
  setText(box.querySelector('.silence-text'), 'Silenced for ' + leftText + ' more' + gate + ': ' + (box.dataset.reason || ''));
}

async function endSilence(box) {
  const id = box.dataset.id;
  if (!id) return;
  const button = box.querySelector('.silence-end');
  const error = box.querySelector('.silence-error');
  const headers = {};
  const key = addCredential(headers);
  button.disabled = true;
  setText(error, '');
  try {
    const response = await fetchWithTimeout('silences/' + encodeURIComponent(id), { method: 'DELETE', headers }, REQUEST_TIMEOUT_MS);
    if (response.status === 204 || response.status === 404) {
      box.hidden = true;
      refresh();
    } else if (response.status === 401) {
      setText(error, key ? 'The gateway rejected this API key.' : 'The gateway requires an API key: enter it in the diagnostics form below.');
    } else if (response.status === 403) {
      setText(error, (await problemDetail(response)) || 'This identity may not end silences.');
    } else {
      setText(error, 'Could not end the silence: HTTP ' + response.status + '.');
    }
  } catch (failure) {
    setText(error, 'No answer from the gateway (' + failure.message + ').');
  } finally {
    button.disabled = false;
  }
}

// The share of time Healthy, from the gateway's per-minute and per-hour buckets: "99.95 % 1 h · 100 % 24 h · 100 % 7 d".
function uptimeText(uptime) {
  const share = (value) => (value === null || value === undefined ? '–' : Number(value.toFixed(2)) + ' %');
  return share(uptime.lastHour) + ' 1 h · ' + share(uptime.lastDay) + ' 24 h · ' + share(uptime.lastWeek) + ' 7 d';
}

function streakText(details) {
  if (details.consecutiveFailures > 0) return details.consecutiveFailures + (details.consecutiveFailures === 1 ? ' failure' : ' failures');
  if (details.consecutiveSuccesses > 0) return details.consecutiveSuccesses + (details.consecutiveSuccesses === 1 ? ' success' : ' successes');
  return '–';
}

function renderHistory(card, history) {
  const svg = card.querySelector('.history-chart');
  const caption = card.querySelector('.history-caption');
  const recent = history.slice(-HISTORY_BARS);
  const key = recent.length ? recent[recent.length - 1].checkedAt + '#' + recent.length : 'empty';
  if (svg.dataset.key === key) return;
  svg.dataset.key = key;
  svg.replaceChildren();

  if (recent.length === 0) {
    svg.setAttribute('aria-label', 'No checks yet');
    setText(caption, 'No checks yet');
    return;
  }

  const durations = recent.map((r) => Math.max(0, parseTimeSpan(r.duration) || 0));
  const max = Math.max(...durations, 1);
  const width = 300 / HISTORY_BARS;
  const chartHeight = 36;
  const offset = HISTORY_BARS - recent.length;
  recent.forEach((result, i) => {
    const cls = statusInfo(result.status).cls;
    const x = (offset + i) * width;
    const height = Math.max(2, (durations[i] / max) * chartHeight);
    const bar = document.createElementNS(SVG_NS, 'rect');
    bar.setAttribute('x', (x + 0.5).toFixed(2));
    bar.setAttribute('width', (width - 1).toFixed(2));
    bar.setAttribute('y', (chartHeight - height).toFixed(2));
    bar.setAttribute('height', height.toFixed(2));
    bar.setAttribute('class', 'bar bar-' + cls);
    const title = document.createElementNS(SVG_NS, 'title');
    const at = parseDate(result.checkedAt);
    title.textContent = (at ? formatClock(at) + ' ' : '') + result.status + ' in ' + formatMs(durations[i]) + ': ' + result.description;
    bar.appendChild(title);
    svg.appendChild(bar);

    // A status strip under the bars: the status stays visible when every duration is tiny.
    const strip = document.createElementNS(SVG_NS, 'rect');
    strip.setAttribute('x', x.toFixed(2));
    strip.setAttribute('width', width.toFixed(2));
    strip.setAttribute('y', '39');
    strip.setAttribute('height', '5');
    strip.setAttribute('class', 'strip strip-' + cls);
    svg.appendChild(strip);
  });

  const counts = {};
  for (const r of recent) counts[r.status] = (counts[r.status] || 0) + 1;
  const summary = Object.entries(counts).map(([s, n]) => n + ' ' + s.toLowerCase()).join(', ');
  const slowest = formatMs(Math.max(...durations));
  svg.setAttribute('aria-label', 'Durations of the last ' + recent.length + ' checks: ' + summary + '; slowest ' + slowest + '.');
  setText(caption, 'Last ' + recent.length + ' checks · ' + summary + ' · slowest ' + slowest);
}

function renderTransitions(card, transitions) {
  const list = card.querySelector('.transitions-list');
  const recent = transitions.slice(-TRANSITIONS_SHOWN).reverse();
  const key = recent.map((t) => t.at + t.to).join('|');
  if (list.dataset.key === key) return;
  list.dataset.key = key;
  list.replaceChildren();
  card.querySelector('.transitions').hidden = recent.length === 0;
  for (const t of recent) {
    const item = document.createElement('li');
    const time = document.createElement('time');
    const at = parseDate(t.at);
    time.dateTime = t.at;
    time.textContent = at ? formatClock(at) : t.at;
    const change = document.createElement('span');
    change.className = 'transition-change';
    const from = document.createElement('span');
    from.className = 'transition-status status-' + statusInfo(t.from).cls;
    from.textContent = t.from;
    const arrow = document.createElement('span');
    arrow.className = 'transition-arrow';
    arrow.textContent = ' → ';
    const to = document.createElement('span');
    to.className = 'transition-status status-' + statusInfo(t.to).cls;
    to.textContent = t.to;
    change.append(from, arrow, to);
    const reason = document.createElement('span');
    reason.className = 'transition-reason';
    reason.textContent = t.reason;
    reason.title = t.reason;
    item.append(time, change, reason);
    list.appendChild(item);
  }
}

