#!/usr/bin/env node
// The peer of Benchmarks/webhook-bench.sh: a Zoom webhook receiver written the way Zoom's
// webhook sample does it (https://github.com/zoom/webhook-sample), with node's own `http` and
// `crypto` instead of Express: read the raw body, HMAC-SHA256 "v0:{timestamp}:{body}" under the
// secret, compare with x-zm-signature, answer 200 JSON or 401. Nothing is stored, so this is
// the cost of verifying alone, the floor a durable receiver is measured against.
//
// Like the sample, it parses the JSON body (the sample's express.json()) to tell
// endpoint.url_validation from events, compares with `===` (not crypto.timingSafeEqual) and does
// not check the timestamp's age. Unlike the sample it hashes the raw body rather than
// JSON.stringify of the parsed one, which is both correct and no slower.
//
// Usage: ZOOM_WEBHOOK_SECRET=... node Benchmarks/node-verifier.js [PORT]
//   PORT defaults to 0 (the OS picks one); the port is printed on stdout as
//   {"msg":"listening","port":N} once the server accepts connections.
//   GET /healthz answers 200 (readiness probe); POST anything else is treated as a webhook.
'use strict';

const http = require('http');
const crypto = require('crypto');

const secret = process.env.ZOOM_WEBHOOK_SECRET;
if (!secret) {
  console.error('node-verifier: set ZOOM_WEBHOOK_SECRET');
  process.exit(2);
}
const port = process.argv[2] === undefined ? 0 : Number(process.argv[2]);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`node-verifier: bad port ${process.argv[2]}`);
  process.exit(2);
}

const OK = JSON.stringify({ ok: true });
const UNAUTHORIZED = JSON.stringify({ ok: false, error: 'unauthorized' });

function reply(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') {
    reply(res, 200, OK);
    return;
  }
  if (req.method !== 'POST') {
    reply(res, 405, JSON.stringify({ ok: false, error: 'method not allowed' }));
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    const timestamp = req.headers['x-zm-request-timestamp'];
    const message = `v0:${timestamp}:${raw}`;
    const hash = crypto.createHmac('sha256', secret).update(message).digest('hex');
    if (req.headers['x-zm-signature'] !== `v0=${hash}`) {
      reply(res, 401, UNAUTHORIZED);
      return;
    }
    let event;
    try {
      event = JSON.parse(raw);
    } catch (e) {
      reply(res, 400, JSON.stringify({ ok: false, error: 'invalid json' }));
      return;
    }
    if (event.event === 'endpoint.url_validation') {
      const plainToken = event.payload.plainToken;
      const encryptedToken = crypto.createHmac('sha256', secret).update(plainToken).digest('hex');
      reply(res, 200, JSON.stringify({ plainToken, encryptedToken }));
      return;
    }
    reply(res, 200, OK);
  });
});

// wrk keeps its connections open for the whole run; don't let node's idle timer close them.
server.keepAliveTimeout = 65000;

server.listen(port, '127.0.0.1', () => {
  console.log(JSON.stringify({ msg: 'listening', port: server.address().port }));
});

// Stop cleanly on the benchmark's SIGTERM (and Ctrl-C when run by hand).
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
  });
}
