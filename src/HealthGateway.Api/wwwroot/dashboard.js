// HealthGateway dashboard: reads /health/ready and /health/services/{name} every 2 s and shows what it read.
// Every piece of data is written with textContent or SVG attributes, never parsed as HTML: a description
// comes from a remote service and is untrusted text.
'use strict';

(() => {
  const POLL_MS = 2000;
  const REQUEST_TIMEOUT_MS = 5000;
  const DIAGNOSTICS_TIMEOUT_MS = 60000;
  const HISTORY_BARS = 60;
  const TRANSITIONS_SHOWN = 5;
  const KEY_STORAGE = 'healthgateway.apiKey';
  const EVENT_ORDER = ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'];
  const SVG_NS = 'http://www.w3.org/2000/svg';

  const STATUS = {
    Healthy: { icon: '✓', cls: 'healthy' },
    Degraded: { icon: '!', cls: 'degraded' },
    Unhealthy: { icon: '✕', cls: 'unhealthy' },
    Pending: { icon: '…', cls: 'pending' },
    Unknown: { icon: '?', cls: 'unknown' },
  };

  const $ = (id) => document.getElementById(id);
  const cards = new Map();
  const detailsCache = new Map();
  let lastContact = null;
  let contactLost = false;

  // ---------- formatting ----------

  // .NET TimeSpan text ("00:00:00.0120000", "1.02:03:04") to milliseconds.
  function parseTimeSpan(text) {
    if (typeof text !== 'string') return null;
    const m = /^(-)?(?:(\d+)\.)?(\d+):(\d+):(\d+)(?:\.(\d+))?$/.exec(text);
    if (!m) return null;
    const fraction = m[6] ? Number('0.' + m[6]) : 0;
    const ms = ((Number(m[2] || 0) * 24 + Number(m[3])) * 3600 + Number(m[4]) * 60 + Number(m[5]) + fraction) * 1000;
    return m[1] ? -ms : ms;
  }

  function formatMs(ms) {
    if (ms === null || ms === undefined || Number.isNaN(ms)) return '–';
    if (ms < 1) return '<1 ms';
    if (ms < 1000) return Math.round(ms) + ' ms';
    if (ms < 60000) return (Math.round(ms / 100) / 10) + ' s';
    return Math.floor(ms / 60000) + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
  }

  function formatClock(date) {
    return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  }

  function formatAgo(date, now) {
    const seconds = Math.max(0, Math.round((now - date) / 1000));
    if (seconds < 60) return seconds + ' s ago';
    if (seconds < 3600) return Math.floor(seconds / 60) + ' min ago';
    return Math.floor(seconds / 3600) + ' h ago';
  }

  function parseDate(text) {
    const date = text ? new Date(text) : null;
    return date && !Number.isNaN(date.getTime()) ? date : null;
  }

  function setText(element, text) {
    if (element.textContent !== text) element.textContent = text;
  }

  function statusInfo(status) {
    return STATUS[status] || STATUS.Unknown;
  }

  function setStatus(element, pill, status, label) {
    element.dataset.status = status;
    pill.dataset.status = status;
    const info = statusInfo(status);
    setText(pill.querySelector('.status-icon'), info.icon);
    setText(pill.querySelector('.status-text'), label || status);
  }

  // ---------- HTTP ----------

  async function fetchWithTimeout(url, options, timeoutMs) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      return await fetch(url, { cache: 'no-store', ...options, signal: controller.signal });
    } catch (error) {
      if (error.name === 'AbortError') throw new Error('no answer within ' + formatMs(timeoutMs));
      throw new Error('network error');
    } finally {
      clearTimeout(timer);
    }
  }

  async function getJson(url, acceptStatuses) {
    const response = await fetchWithTimeout(url, {}, REQUEST_TIMEOUT_MS);
    if (!acceptStatuses.includes(response.status)) throw new Error('HTTP ' + response.status + ' from ' + url);
    try {
      return await response.json();
    } catch {
      throw new Error('the answer from ' + url + ' is not JSON');
    }
  }

  // ---------- polling ----------

  async function refresh() {
    try {
      // 503 is a valid answer: the gateway is up and reports that a critical service is not.
      const ready = await getJson('health/ready', [200, 503]);
      const names = serviceNames(ready);
      const details = await Promise.all(names.map((name) => loadDetails(name, ready)));
      lastContact = new Date();
      setContact(true);
      renderOverall(ready);
      renderServices(names, ready, details);
    } catch (error) {
      setContact(false, error.message);
    } finally {
      setTimeout(refresh, POLL_MS);
    }
  }

  function serviceNames(ready) {
    const names = new Set([...Object.keys(ready.entries || {}), ...(ready.pendingServices || [])]);
    const critical = new Set(ready.criticalServices || []);
    // Critical services first, then by name: a stable order, so cards never jump while being read.
    return [...names].sort((a, b) => (critical.has(b) - critical.has(a)) || a.localeCompare(b));
  }

  async function loadDetails(name, ready) {
    const entry = (ready.entries || {})[name];
    const checkedAt = entry && entry.data ? entry.data.checkedAt : null;
    const cached = detailsCache.get(name);
    if (cached && checkedAt && cached.checkedAt === checkedAt) return cached.details;
    try {
      const details = await getJson('health/services/' + encodeURIComponent(name), [200]);
      detailsCache.set(name, { checkedAt, details });
      return details;
    } catch {
      // The summary from /health/ready is still worth showing; the history waits for the next round.
      return cached ? cached.details : null;
    }
  }

  function setContact(ok, reason) {
    const connection = $('connection');
    const now = new Date();
    if (ok) {
      contactLost = false;
      connection.dataset.state = 'live';
      setText($('connection-text'), 'Live · updated ' + formatClock(now));
      $('lost-contact').hidden = true;
      document.body.classList.remove('stale');
      return;
    }

    const firstFailure = !contactLost;
    contactLost = true;
    connection.dataset.state = 'lost';
    setText($('connection-text'), 'No contact since ' + (lastContact ? formatClock(lastContact) : 'the page loaded'));
    const since = lastContact ? 'The last data arrived at ' + formatClock(lastContact) + ' (' + formatAgo(lastContact, now) + ').' : 'No data has arrived yet.';
    setText($('lost-contact-detail'), since + ' Everything below is out of date. Retrying every ' + POLL_MS / 1000 + ' s (' + reason + ').');
    $('lost-contact').hidden = false;
    document.body.classList.add('stale');

    // Never leave a reassuring green on screen when the gateway cannot be reached.
    setStatus($('overall'), $('overall-pill'), 'Unknown', 'No contact');
    if (firstFailure) setText($('overall-headline'), 'The gateway does not answer: its state is unknown.');
    for (const card of cards.values()) {
      const last = card.dataset.status;
      if (!card.dataset.lastKnown) card.dataset.lastKnown = last;
      setStatus(card, card.querySelector('.status-pill'), 'Unknown', 'Unknown (last known: ' + card.dataset.lastKnown + ')');
    }
  }

  // ---------- rendering: overall ----------

  function renderOverall(ready) {
    const entries = Object.values(ready.entries || {});
    const count = (status) => entries.filter((e) => e.status === status).length;
    const pending = ready.pendingServices || [];
    const critical = new Set(ready.criticalServices || []);
    const unavailable = ready.unavailableServices || [];
    const criticalDown = unavailable.filter((n) => critical.has(n));
    const otherDown = unavailable.filter((n) => !critical.has(n));
    const criticalPending = pending.filter((n) => critical.has(n));

    const phase = ready.phase || 'running';
    const notReadyLabel = phase === 'stopping' ? 'Unhealthy · stopping' : phase === 'starting' ? 'Unhealthy · starting' : 'Unhealthy · not ready';
    setStatus($('overall'), $('overall-pill'), ready.status, ready.status === 'Unhealthy' ? notReadyLabel : ready.status + ' · ready');

    let headline;
    if (phase === 'stopping') headline = 'The gateway is shutting down and reports not ready.';
    else if (criticalDown.length > 0) headline = criticalDown.length + ' of ' + critical.size + ' critical services unavailable: ' + criticalDown.join(', ');
    else if (criticalPending.length > 0) headline = 'Waiting for the first check of critical services: ' + criticalPending.join(', ');
    else if (critical.size > 0) headline = 'All ' + critical.size + ' critical services available.';
    else headline = 'No service is marked critical: the gateway is ready whatever their status.';
    setText($('overall-headline'), headline);

    setText($('overall-critical'), criticalDown.length > 0 && criticalPending.length > 0 ? 'Not checked yet: ' + criticalPending.join(', ') : '');
    const degraded = entries.length ? Object.entries(ready.entries).filter(([, e]) => e.status === 'Degraded').map(([n]) => n) : [];
    const notes = [];
    if (otherDown.length > 0) notes.push('Non-critical services unavailable: ' + otherDown.join(', '));
    if (degraded.length > 0) notes.push('Degraded: ' + degraded.join(', '));
    setText($('overall-other'), notes.join(' · '));

    setText($('count-healthy'), String(count('Healthy')));
    setText($('count-degraded'), String(count('Degraded')));
    setText($('count-unhealthy'), String(count('Unhealthy')));
    setText($('count-pending'), String(pending.length));
    setText($('overall-phase'), phase);
    const checkedAt = parseDate(ready.checkedAt);
    setText($('overall-checked'), checkedAt ? formatClock(checkedAt) : '–');
  }

  // ---------- rendering: services ----------

  function renderServices(names, ready, detailsList) {
    const container = $('services');
    $('services-empty').hidden = names.length > 0;
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
      updateCard(card, name, (ready.entries || {})[name], detailsList[index], (ready.criticalServices || []).includes(name));
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

    renderSilence(card, entry ? entry.silenced : null);
    renderHistory(card, details ? details.history || [] : []);
    renderTransitions(card, details ? details.transitions || [] : []);
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
    const key = $('api-key').value.trim();
    if (key) headers['X-Api-Key'] = key;
    button.disabled = true;
    setText(error, '');
    try {
      const response = await fetchWithTimeout('silences/' + encodeURIComponent(id), { method: 'DELETE', headers }, REQUEST_TIMEOUT_MS);
      if (response.status === 204 || response.status === 404) {
        box.hidden = true;
        refresh();
      } else if (response.status === 401) {
        setText(error, key ? 'The gateway rejected this API key.' : 'The gateway requires an API key: enter it in the diagnostics form below.');
      } else {
        setText(error, 'Could not end the silence: HTTP ' + response.status + '.');
      }
    } catch (failure) {
      setText(error, 'No answer from the gateway (' + failure.message + ').');
    } finally {
      button.disabled = false;
    }
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

  // ---------- notifier diagnostics ----------

  function setUpDiagnostics() {
    const keyInput = $('api-key');
    const remember = $('remember-key');
    let stored = null;
    try {
      stored = localStorage.getItem(KEY_STORAGE);
    } catch {
      remember.disabled = true;
    }

    if (stored) {
      keyInput.value = stored;
      remember.checked = true;
    }

    const persist = () => {
      try {
        if (remember.checked && keyInput.value) localStorage.setItem(KEY_STORAGE, keyInput.value);
        else localStorage.removeItem(KEY_STORAGE);
      } catch {
        // Storage disabled: the key lives only in the field.
      }
    };
    keyInput.addEventListener('change', persist);
    remember.addEventListener('change', persist);
    $('diagnostics-form').addEventListener('submit', (event) => {
      event.preventDefault();
      runDiagnostics();
    });
  }

  async function runDiagnostics() {
    const button = $('run-notifier');
    const result = $('notifier-result');
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    button.textContent = 'Running…';
    result.dataset.state = 'running';
    result.replaceChildren(paragraph('Running the five events through the notifier…', 'notifier-message'));

    const headers = { Accept: 'application/json' };
    const key = $('api-key').value.trim();
    if (key) headers['X-Api-Key'] = key;
    const started = new Date();
    try {
      const response = await fetchWithTimeout('diagnostics/notifier', { method: 'POST', headers }, DIAGNOSTICS_TIMEOUT_MS);
      let body = null;
      try {
        body = await response.json();
      } catch {
        body = null;
      }

      if ((response.status === 200 || response.status === 503) && body && body.events) {
        renderDiagnostics(body, started);
      } else if (response.status === 401) {
        showDiagnosticsError(key ? 'The gateway rejected this API key.' : 'The gateway requires an API key: enter it above and run again.');
        $('api-key').focus();
      } else if (response.status === 429) {
        const retry = response.headers.get('Retry-After');
        showDiagnosticsError('Too many diagnostics runs: try again' + (retry ? ' in ' + retry + ' s.' : ' later.'));
      } else if (response.status === 404) {
        showDiagnosticsError('This gateway has no notifier diagnostics endpoint.');
      } else {
        const detail = body && (body.detail || body.title) ? ': ' + (body.detail || body.title) : '';
        showDiagnosticsError('Diagnostics failed with HTTP ' + response.status + detail);
      }
    } catch (error) {
      showDiagnosticsError('No answer from the gateway (' + error.message + ').');
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
      button.textContent = 'Run notifier diagnostics';
    }
  }

  function paragraph(text, className) {
    const p = document.createElement('p');
    p.className = className;
    p.textContent = text;
    return p;
  }

  function showDiagnosticsError(message) {
    const result = $('notifier-result');
    result.dataset.state = 'error';
    result.replaceChildren(paragraph(message, 'notifier-message notifier-error'));
  }

  function renderDiagnostics(report, started) {
    const result = $('notifier-result');
    result.dataset.state = report.success ? 'passed' : 'failed';
    const names = [...EVENT_ORDER.filter((n) => n in report.events), ...Object.keys(report.events).filter((n) => !EVENT_ORDER.includes(n))];
    const passed = names.filter((n) => report.events[n].success).length;

    const summary = document.createElement('p');
    summary.className = 'notifier-summary';
    const pill = document.createElement('span');
    const cls = report.success ? 'healthy' : 'unhealthy';
    pill.className = 'status-pill';
    pill.dataset.status = report.success ? 'Healthy' : 'Unhealthy';
    const icon = document.createElement('span');
    icon.className = 'status-icon';
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = STATUS[report.success ? 'Healthy' : 'Unhealthy'].icon;
    const label = document.createElement('span');
    label.className = 'status-text';
    label.textContent = report.success ? 'Passed' : 'Failed';
    pill.append(icon, label);
    summary.append(pill, ' ' + passed + ' of ' + names.length + ' events delivered in ' + formatMs(parseTimeSpan(report.totalDuration))
      + ' · run at ' + formatClock(started));
    summary.classList.add('notifier-' + cls);

    const timeline = document.createElement('ol');
    timeline.className = 'timeline';
    timeline.setAttribute('aria-label', 'Notifier events in order');
    for (const name of names) {
      const event = report.events[name];
      const skipped = !event.success && !event.executionTime;
      const item = document.createElement('li');
      item.className = 'timeline-event ' + (event.success ? 'event-ok' : skipped ? 'event-skipped' : 'event-failed');
      item.dataset.event = name;
      const marker = document.createElement('span');
      marker.className = 'timeline-marker';
      marker.setAttribute('aria-hidden', 'true');
      marker.textContent = event.success ? '✓' : skipped ? '–' : '✕';
      const title = document.createElement('span');
      title.className = 'timeline-name';
      title.textContent = name;
      const outcome = document.createElement('span');
      outcome.className = 'timeline-outcome';
      outcome.textContent = event.success ? 'delivered' : skipped ? 'skipped' : 'failed';
      const time = document.createElement('span');
      time.className = 'timeline-time';
      time.textContent = event.executionTime ? formatMs(parseTimeSpan(event.executionTime)) : '';
      item.append(marker, title, outcome, time);
      // "skipped: tool_executing failed" under an outcome that already says skipped reads as a stutter.
      const error = skipped && event.error ? event.error.replace(/^skipped:\s*/, '') : event.error;
      if (error) item.append(paragraph(error, 'timeline-error'));
      timeline.appendChild(item);
    }

    result.replaceChildren(summary, timeline);
  }

  // ---------- start ----------

  function tickClocks() {
    if (!contactLost || !lastContact) return;
    setText($('connection-text'), 'No contact since ' + formatClock(lastContact) + ' (' + formatAgo(lastContact, new Date()) + ')');
  }

  document.addEventListener('DOMContentLoaded', () => {
    setText($('gateway-host'), location.host);
    setUpDiagnostics();
    refresh();
    setInterval(tickClocks, 1000);
  });
})();
