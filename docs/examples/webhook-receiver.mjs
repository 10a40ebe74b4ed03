#!/usr/bin/env node
/**
 * An example receiver of Yinbao webhooks, for merchants to copy: plain Node.js, no dependencies.
 *
 *   YINBAO_WEBHOOK_SECRETS=whsec_new,whsec_old PORT=8080 node webhook-receiver.mjs
 *
 * 1. Read the raw body (the signature covers the exact bytes: never re-serialise JSON first).
 * 2. Check the `x-signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`,
 *    possibly with several `v1` during a secret rotation. Accept if any `v1` matches any of your
 *    secrets, in constant time, and `t` is within 5 minutes of now (older = a replay).
 * 3. Deduplicate by the event's `id`: delivery is at least once, so the same event can arrive again.
 * 4. Answer 2xx quickly and do slow work afterwards; anything else is retried with back-off.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const SECRETS = (process.env.YINBAO_WEBHOOK_SECRETS ?? '').split(',').filter(Boolean);
const TOLERANCE_SECONDS = 300;
if (SECRETS.length === 0) {
  console.error(
    'set YINBAO_WEBHOOK_SECRETS (comma-separated: the current secret first, the old one during a rotation)',
  );
  process.exit(2);
}

/** true when the header signs these bytes under one of the secrets, recently enough. */
export function verify(header, rawBody, secrets = SECRETS, now = Math.floor(Date.now() / 1000)) {
  if (typeof header !== 'string') return false;
  let t;
  const macs = [];
  for (const part of header.split(',')) {
    const [k, v] = part.split('=', 2).map((x) => x?.trim());
    if (k === 't' && /^\d{1,12}$/.test(v ?? '')) t = Number(v);
    if (k === 'v1' && /^[0-9a-f]{64}$/i.test(v ?? '')) macs.push(Buffer.from(v, 'hex'));
  }
  if (t === undefined || macs.length === 0 || Math.abs(now - t) > TOLERANCE_SECONDS) return false;
  let ok = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest();
    for (const mac of macs) if (timingSafeEqual(mac, expected)) ok = true;
  }
  return ok;
}

const seen = new Set(); // a real receiver keeps this in its database (unique event id)

const server = createServer((req, res) => {
  if (req.method !== 'POST') return void res.writeHead(405).end();
  const chunks = [];
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    if (size > 1_000_000) req.destroy();
    else chunks.push(c);
  });
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    if (!verify(req.headers['x-signature'], raw)) {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"bad signature"}');
      return;
    }
    let event;
    try {
      event = JSON.parse(raw.toString('utf8'));
    } catch {
      return void res.writeHead(400).end();
    }
    if (seen.has(event.id)) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"duplicate"}');
      return;
    }
    seen.add(event.id);
    console.log(JSON.stringify({ received: event.id, type: event.type }));
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  });
});

server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
