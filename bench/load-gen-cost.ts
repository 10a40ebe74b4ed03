// What the load generator itself costs: autocannon and bench/load-gen.ts send the same requests (a
// P2P-shaped JSON body, a bearer token, a fresh Idempotency-Key each) to a minimal answering HTTP server (it answers 201 at once) in another
// process, closed loop at full speed and then at a fixed rate, and this prints the generator process's
// CPU per request. Not part of `npm run bench`: `npx tsx bench/load-gen-cost.ts [seconds] [rate]`.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { requestHead, runLoad, withBody } from './load-gen.ts';

const CONNECTIONS = 64;
const seconds = Number(process.argv[2] ?? 5);
const fixedRate = Number(process.argv[3] ?? 2000);

const ANSWERING_SERVER = `
const http = require('node:http');
const s = http.createServer((req, res) => {
  let n = 0;
  req.on('data', (c) => { n += c.length; });
  req.on('end', () => {
    const body = JSON.stringify({ id: '0190f5d2-7a7b-7c3e-9a51-1d2f3e4a5b6c', status: 'posted', received: n });
    res.writeHead(201, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
s.keepAliveTimeout = 72000;
s.listen(0, '127.0.0.1', () => process.stdout.write(String(s.address().port) + '\\n'));
`;

const token = 'a'.repeat(43);
const body = () =>
  JSON.stringify({ to: { walletId: randomUUID() }, amount: { amount: '0.01', currency: 'CNY' } });

type Row = { generator: string; mode: string; rps: number; cpuPerReq: number; cpuShare: number };

async function withAutocannon(port: number, rate?: number): Promise<Row> {
  const cpu0 = process.cpuUsage();
  let n = 0;
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: seconds,
    ...(rate ? { overallRate: rate } : {}),
    requests: [
      {
        method: 'POST',
        path: '/v1/transfers',
        setupRequest: (req) => ({
          ...req,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            'idempotency-key': `k-${n++}`,
          },
          body: body(),
        }),
        onResponse: () => {},
      },
    ],
  });
  const cpu = process.cpuUsage(cpu0);
  const done = r.requests.total;
  return row('autocannon', rate, done / r.duration, cpu, done, r.duration);
}

async function withLoadGen(port: number, rate?: number): Promise<Row> {
  const head = requestHead('POST', '/v1/transfers', `127.0.0.1:${port}`, {
    'content-type': 'application/json',
    authorization: `Bearer ${token}`,
  });
  let n = 0;
  const r = await runLoad({
    host: '127.0.0.1',
    port,
    connections: CONNECTIONS,
    seconds,
    ...(rate ? { rate } : {}),
    next: () => ({ data: withBody(head, `idempotency-key: k-${n++}\r\n`, body()), ctx: null }),
    onResponse: () => {},
  });
  if (r.errors || r.ok !== r.completed) throw new Error(`load-gen: ${r.errors} errors, ${r.firstError}`);
  return row(
    'load-gen',
    rate,
    r.completed / r.elapsed,
    { user: r.cpuMicros, system: 0 },
    r.completed,
    r.elapsed,
  );
}

function row(
  generator: string,
  rate: number | undefined,
  rps: number,
  cpu: NodeJS.CpuUsage,
  done: number,
  elapsed: number,
): Row {
  const micros = cpu.user + cpu.system;
  return {
    generator,
    mode: rate ? `open, ${rate} req/s` : 'closed',
    rps,
    cpuPerReq: micros / done,
    cpuShare: micros / 1e6 / elapsed,
  };
}

const answering = spawn(process.execPath, ['-e', ANSWERING_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
try {
  const port = await new Promise<number>((resolve) =>
    answering.stdout.once('data', (d) => resolve(Number(d))),
  );
  const rows: Row[] = [];
  // Warm both up (JIT), then measure: closed loop, then the same fixed rate for both.
  await withAutocannon(port);
  await withLoadGen(port);
  rows.push(await withAutocannon(port), await withLoadGen(port));
  const rate = fixedRate;
  rows.push(await withAutocannon(port, rate), await withLoadGen(port, rate));
  process.stdout.write(`generator   mode                 req/s   CPU µs/req   CPU (cores)\n`);
  for (const r of rows) {
    process.stdout.write(
      `${r.generator.padEnd(11)} ${r.mode.padEnd(18)} ${Math.round(r.rps).toString().padStart(7)} ` +
        `${r.cpuPerReq.toFixed(1).padStart(12)} ${r.cpuShare.toFixed(2).padStart(13)}\n`,
    );
  }
} finally {
  answering.kill();
}
