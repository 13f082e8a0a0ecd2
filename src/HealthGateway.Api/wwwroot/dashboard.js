// HealthGateway dashboard: reads /health/ready and /health/services/{name} every 2 s and shows what it read.
// Every piece of data is written with textContent or SVG attributes, never parsed as HTML: a description
// comes from a remote service and is untrusted text.
'use strict';

// ---------- start ----------

function tickClocks() {
  if (!contactLost || !lastContact) return;
  setText($('connection-text'), 'No contact since ' + formatClock(lastContact) + ' (' + formatAgo(lastContact, new Date()) + ')');
}

document.addEventListener('DOMContentLoaded', () => {
  setText($('gateway-host'), location.host);
  setUpDiagnostics();
  setUpList();
  refresh();
  setInterval(tickClocks, 1000);
});
