#!/usr/bin/env node
// A stand-alone client of the gateway's agent-event WebSocket (/ws), for trying the protocol by hand.
//
//   node --experimental-websocket tests/clients/node-ws-client.mjs --base http://127.0.0.1:8080 --user u1 --trigger
//
// Node 22+ has a global WebSocket; on Node 20 pass --experimental-websocket (20.10+), or `npm install ws` and
// the script falls back to that package. With --trigger it connects as --user, then POSTs
// /diagnostics/notifier?user=<user> and expects the five agent events, in order, on its own socket.
// Exit code 0 when --count events arrived (in run order, sequence 1..n per run), 1 otherwise.

const ORDER = ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'];

function parseArgs(argv) {
  const args = { base: 'http://127.0.0.1:8080', user: 'node-client', apiKey: process.env.HEALTHGATEWAY_API_KEY, count: 5, timeout: 10, trigger: false };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = () => argv[++i];
    if (name === '--base') args.base = value();
    else if (name === '--user') args.user = value();
    else if (name === '--api-key') args.apiKey = value();
    else if (name === '--count') args.count = Number(value());
    else if (name === '--timeout') args.timeout = Number(value());
    else if (name === '--trigger') args.trigger = true;
    else throw new Error(`unknown argument ${name}`);
  }
  return args;
}

async function webSocketClass() {
  if (typeof globalThis.WebSocket === 'function') return globalThis.WebSocket;
  try {
    return (await import('ws')).default;
  } catch {
    throw new Error('no WebSocket: use Node 22+, run with --experimental-websocket (Node 20.10+), or npm install ws');
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const WebSocketImpl = await webSocketClass();
  const wsUrl = new URL('/ws', args.base.replace(/^http/, 'ws'));
  wsUrl.searchParams.set('user', args.user);
  // Browsers cannot set headers on a WebSocket, so the key travels as a query parameter.
  if (args.apiKey) wsUrl.searchParams.set('api_key', args.apiKey);

  const socket = new WebSocketImpl(wsUrl.toString());
  const received = [];
  const lastSequence = new Map();
  let failure = null;

  const done = new Promise((resolve) => {
    const timer = setTimeout(() => { failure ??= `only ${received.length} of ${args.count} events within ${args.timeout} s`; resolve(); }, args.timeout * 1000);
    socket.addEventListener('message', (message) => {
      const event = JSON.parse(typeof message.data === 'string' ? message.data : message.data.toString());
      console.log(JSON.stringify(event));
      const expectedSequence = (lastSequence.get(event.runId) ?? 0) + 1;
      if (event.sequence !== expectedSequence) failure ??= `run ${event.runId}: sequence ${event.sequence}, expected ${expectedSequence}`;
      if (ORDER.indexOf(event.type) !== (expectedSequence - 1) % ORDER.length) failure ??= `run ${event.runId}: ${event.type} out of order`;
      lastSequence.set(event.runId, event.sequence);
      received.push(event);
      if (received.length >= args.count) { clearTimeout(timer); resolve(); }
    });
    socket.addEventListener('close', (close) => {
      failure ??= `closed by the server: ${close.code} ${close.reason}`;
      clearTimeout(timer);
      resolve();
    });
    socket.addEventListener('error', () => { failure ??= `cannot connect to ${wsUrl.origin}${wsUrl.pathname}`; });
  });

  const opened = new Promise((resolve) => socket.addEventListener('open', () => resolve(true), { once: true }));
  if (await Promise.race([opened, done.then(() => false)])) {
    console.error(`connected to ${wsUrl.origin}${wsUrl.pathname} as ${args.user}`);
  } else {
    // A refused upgrade (401, 400) surfaces as error + close before open; the reason is only in the HTTP status.
    failure ??= `cannot connect to ${wsUrl.origin}${wsUrl.pathname}`;
  }

  if (args.trigger && !failure) {
    const diagnostics = new URL(`/diagnostics/notifier?user=${encodeURIComponent(args.user)}`, args.base);
    const response = await fetch(diagnostics, { method: 'POST', headers: args.apiKey ? { 'X-Api-Key': args.apiKey } : {} });
    console.error(`POST ${diagnostics.pathname}${diagnostics.search} -> ${response.status} ${await response.text()}`);
  }

  await done;
  if (socket.readyState === 1) socket.close(1000, 'done');
  if (failure) {
    console.error(`FAIL: ${failure}`);
    process.exit(1);
  }

  console.error(`OK: ${received.length} events in order`);
}

main().catch((error) => { console.error(`FAIL: ${error.message}`); process.exit(1); });
