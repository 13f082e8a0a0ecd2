// HealthGateway dashboard, notifier diagnostics. Classic scripts loaded in order share one global scope.
// Every piece of data is written with textContent or SVG attributes, never parsed as HTML.
'use strict';

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
  keyInput.addEventListener('change', showAccess);
  showAccess();
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
  const key = addCredential(headers);
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
    } else if (response.status === 403) {
      showDiagnosticsError((body && body.detail) || 'This identity may not run diagnostics.');
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

