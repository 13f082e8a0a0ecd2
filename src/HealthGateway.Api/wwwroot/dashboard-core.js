// HealthGateway dashboard, constants, formatting, HTTP and polling. Classic scripts loaded in order share one global scope.
// Every piece of data is written with textContent or SVG attributes, never parsed as HTML.
'use strict';

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

// The credential typed into the form: a JWT (three base64url parts, header first) goes as a bearer token,
// anything else as the API key. Adds the header to `headers` and returns whether there was one.
function addCredential(headers) {
  const credential = $('api-key').value.trim();
  if (!credential) return false;
  if (/^eyJ[\w-]*\.[\w-]+\.[\w-]*$/.test(credential)) headers.Authorization = 'Bearer ' + credential;
  else headers['X-Api-Key'] = credential;
  return true;
}

// What the gateway says this identity may do (GET /access), shown under the credential field.
async function showAccess() {
  const summary = $('access-summary');
  if (!summary) return;
  const headers = { Accept: 'application/json' };
  addCredential(headers);
  try {
    const response = await fetchWithTimeout('access', { headers }, REQUEST_TIMEOUT_MS);
    const access = await response.json();
    let text;
    if (access.identity === 'loopback') text = 'No keys configured: on this machine you may do everything (' + access.scopes.join(', ') + ').';
    else if (access.identity === 'token') text = 'Token for ' + access.user + ': may read that user\'s events on /ws.';
    else if (access.identity) text = 'Key "' + access.identity + '" may: ' + (access.scopes.length ? access.scopes.join(', ') : 'nothing') + '.';
    else text = 'Read-only view' + (access.detail ? ': ' + access.detail : '.');
    setText(summary, text);
  } catch (failure) {
    setText(summary, '');
  }
}

// The one line of a refused request's problem body, or null.
async function problemDetail(response) {
  try {
    const body = await response.clone().json();
    return body && body.detail ? body.detail : null;
  } catch {
    return null;
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

// Critical services that are down under a silence: a green answer obtained through a silence must not read as health.
function renderSilencedDown(silenced) {
  const line = $('overall-silenced');
  line.hidden = silenced.length === 0;
  const parts = silenced.map((s) => {
    const until = parseDate(s.until);
    return s.name + ' is ' + s.status + (s.gate === false ? ' but out of the gate' : '') + ', silenced until '
      + (until ? formatClock(until) : s.until) + ' (' + (s.reason || 'no reason') + ')';
  });
  setText(line, silenced.length === 0 ? '' : 'Silenced while down: ' + parts.join('; '));
}

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
  renderSilencedDown(ready.silencedServices || []);

  setText($('count-healthy'), String(count('Healthy')));
  setText($('count-degraded'), String(count('Degraded')));
  setText($('count-unhealthy'), String(count('Unhealthy')));
  setText($('count-pending'), String(pending.length));
  setText($('overall-phase'), phase);
  const checkedAt = parseDate(ready.checkedAt);
  setText($('overall-checked'), checkedAt ? formatClock(checkedAt) : '–');
}

