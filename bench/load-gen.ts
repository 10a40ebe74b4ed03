// A lean HTTP/1.1 load generator: keep-alive connections over raw `net` sockets, requests the
// driver serialises itself, one request in flight per connection (no pipelining), and only the
// status line, Content-Length and (for non-2xx answers) the body parsed. The machine's two cores
// carry PostgreSQL, the API and this generator: every microsecond spent here is lost throughput.
//
// Two modes:
// - closed loop (no `rate`): each connection sends its next request as soon as the previous answer
//   arrives; measures the maximum throughput. Latency = answer − send.
// - open loop at `rate` requests/s: request i is *scheduled* at t0 + i/rate, whatever happens to the
//   others; it goes out on the first idle connection at or after that time. Latency = answer −
//   scheduled time, so time spent waiting for a free connection (the server fell behind) counts:
//   the coordinated-omission correction.
import net from 'node:net';
import { Latencies } from './latency.ts';

/** One request: its bytes (head and body, as sent) and what the driver wants back with the answer. */
export type LoadRequest<T> = { data: string; ctx: T };

export type LoadGenOptions<T> = {
  host: string;
  port: number;
  connections: number;
  seconds: number;
  /** Open loop at this many requests/s over all connections; absent: closed loop. */
  rate?: number;
  next: () => LoadRequest<T>;
  /** Every answer; `body` only for non-2xx answers (null otherwise: not decoded). */
  onResponse: (ctx: T, status: number, body: string | null) => void;
  /** How long to wait for the answers still in flight when the clock stops (default 10 s). */
  drainMs?: number;
};

export type LoadGenResult = {
  /** Answers of any status (before the drain timeout). */
  completed: number;
  /** 2xx answers. */
  ok: number;
  statuses: Map<number, number>;
  /** Connections lost or broken (reset, closed mid-request, unparseable answer). */
  errors: number;
  firstError: string | null;
  /** Requests sent but never answered: lost with a connection or still open after the drain. */
  unanswered: number;
  /** Open loop: requests scheduled before the clock stopped but never sent (no idle connection). */
  unsent: number;
  /** Seconds from the start to the last answer (at least the run's length). */
  elapsed: number;
  /** Milliseconds; open loop: from the scheduled time (CO-corrected), closed loop: from the send. */
  latency: Latencies;
  /** CPU the generator's process used during the run (user + system), in microseconds. */
  cpuMicros: number;
};

/** `METHOD path HTTP/1.1` and fixed headers, serialised once (per customer, per endpoint). */
export function requestHead(method: string, path: string, host: string, headers: Record<string, string>) {
  let head = `${method} ${path} HTTP/1.1\r\nhost: ${host}\r\n`;
  for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
  return head;
}

/** A complete request: the pre-serialised head, per-request header lines (each ending CRLF), a body. */
export function withBody(head: string, extraHeaders: string, body: string): string {
  return `${head}${extraHeaders}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

const HEAD_END = Buffer.from('\r\n\r\n');
/** Open loop: a request due within this many ms goes out now rather than after another timer. */
const EARLY_MS = 0.5;

type Conn<T> = {
  socket: net.Socket | null;
  busy: boolean;
  ctx: T | null;
  /** performance.now() the request's latency counts from. */
  since: number;
  pending: Buffer | null;
  /** Parsed head of the answer being read: -1 until the head is complete. */
  bodyStart: number;
  bodyLength: number;
  status: number;
  close: boolean;
};

/** Runs one load; resolves when the clock has stopped and the in-flight answers are in (or timed out). */
export function runLoad<T>(o: LoadGenOptions<T>): Promise<LoadGenResult> {
  return new Promise((resolve, reject) => {
    const latency = new Latencies();
    const statuses = new Map<number, number>();
    let completed = 0;
    let ok = 0;
    let errors = 0;
    let firstError: string | null = null;
    let inFlight = 0;
    let lastAnswer = 0;
    let started = false;
    let stopped = false;
    let finished = false;
    const conns: Conn<T>[] = [];
    const idle: Conn<T>[] = [];
    const interval = o.rate ? 1000 / o.rate : 0;
    // Open loop: index of the next request to send; request i is due at t0 + i * interval.
    let nextIndex = 0;
    let t0 = 0;
    let cpu0 = process.cpuUsage();
    let timer: NodeJS.Timeout | null = null;
    let drainTimer: NodeJS.Timeout | null = null;

    const send = (c: Conn<T>, since: number) => {
      const { data, ctx } = o.next();
      c.busy = true;
      c.ctx = ctx;
      c.since = since;
      inFlight++;
      c.socket!.write(data);
    };

    // Open loop: hand every due request to an idle connection; sleep until the next one is due.
    const pump = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      if (stopped) return;
      const now = performance.now();
      while (idle.length > 0) {
        const due = t0 + nextIndex * interval;
        if (due > now + EARLY_MS) break;
        // Late (no idle connection, or the timer was late): the latency counts from the schedule.
        // Early by less than EARLY_MS: from the send, so that it never shrinks the answer time.
        send(idle.pop()!, Math.min(due, now));
        nextIndex++;
      }
      // With no idle connection the next answer pumps; otherwise wake up when the next one is due
      // (timers have millisecond granularity: round up rather than wake up early for nothing).
      if (idle.length > 0) {
        timer = setTimeout(pump, Math.max(1, Math.ceil(t0 + nextIndex * interval - performance.now())));
      }
    };

    const fail = (c: Conn<T>, why: string) => {
      if (!started) {
        for (const x of conns) x.socket?.destroy();
        return reject(new Error(`load generator: cannot connect to ${o.host}:${o.port}: ${why}`));
      }
      errors++;
      firstError ??= why;
      if (c.busy) {
        inFlight--;
        c.busy = false;
        c.ctx = null;
      }
      const s = c.socket;
      c.socket = null;
      s?.destroy();
      const i = idle.indexOf(c);
      if (i >= 0) idle.splice(i, 1);
      if (!stopped) connect(c);
      else maybeFinish();
    };

    const ready = (c: Conn<T>) => {
      if (stopped) return maybeFinish();
      if (!o.rate) return send(c, performance.now());
      idle.push(c);
      pump();
    };

    const answered = (c: Conn<T>, body: Buffer, start: number, end: number) => {
      const now = performance.now();
      const ctx = c.ctx as T;
      const status = c.status;
      c.busy = false;
      c.ctx = null;
      inFlight--;
      completed++;
      lastAnswer = now;
      latency.add(now - c.since);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      const good = status >= 200 && status < 300;
      if (good) ok++;
      o.onResponse(ctx, status, good ? null : body.toString('utf8', start, end));
      if (c.close) {
        c.socket?.destroy();
        c.socket = null;
        if (!stopped) connect(c);
        else maybeFinish();
      } else ready(c);
    };

    const onData = (c: Conn<T>, chunk: Buffer) => {
      if (!c.busy) return fail(c, 'data without a request');
      const buf = c.pending ? Buffer.concat([c.pending, chunk]) : chunk;
      c.pending = null;
      if (c.bodyStart < 0) {
        const end = buf.indexOf(HEAD_END);
        if (end < 0) {
          c.pending = buf;
          return;
        }
        const head = buf.toString('latin1', 0, end).toLowerCase();
        c.status = (buf[9]! - 48) * 100 + (buf[10]! - 48) * 10 + (buf[11]! - 48);
        const at = head.indexOf('\r\ncontent-length:');
        if (at < 0) return fail(c, `answer without Content-Length (status ${c.status})`);
        c.bodyLength = Number.parseInt(head.slice(at + 17, head.indexOf('\r\n', at + 17) >>> 0), 10);
        if (!(c.bodyLength >= 0)) return fail(c, 'bad Content-Length');
        c.close = head.includes('\r\nconnection: close');
        c.bodyStart = end + 4;
      }
      const total = c.bodyStart + c.bodyLength;
      if (buf.length < total) {
        c.pending = buf;
        return;
      }
      if (buf.length > total) return fail(c, 'bytes after the answer (no pipelining)');
      const start = c.bodyStart;
      c.bodyStart = -1;
      answered(c, buf, start, total);
    };

    const connect = (c: Conn<T>) => {
      c.pending = null;
      c.bodyStart = -1;
      const s = net.connect({ host: o.host, port: o.port, noDelay: true });
      c.socket = s;
      s.on('data', (chunk: Buffer) => c.socket === s && onData(c, chunk));
      s.on('error', (e) => c.socket === s && fail(c, e.message));
      s.on('close', () => c.socket === s && fail(c, 'connection closed by the server'));
      s.once('connect', () => (started ? ready(c) : up()));
    };

    const maybeFinish = () => {
      if (finished || !stopped || inFlight > 0) return;
      finish();
    };

    const finish = () => {
      finished = true;
      if (drainTimer) clearTimeout(drainTimer);
      const cpu = process.cpuUsage(cpu0);
      const unanswered = inFlight;
      for (const c of conns) {
        const s = c.socket;
        c.socket = null;
        s?.destroy();
      }
      const deadline = t0 + o.seconds * 1000;
      const due = o.rate ? Math.ceil(o.seconds * o.rate) : 0;
      resolve({
        completed,
        ok,
        statuses,
        errors,
        firstError,
        unanswered,
        unsent: o.rate ? Math.max(0, due - nextIndex) : 0,
        elapsed: (Math.max(deadline, lastAnswer) - t0) / 1000,
        latency,
        cpuMicros: cpu.user + cpu.system,
      });
    };

    const stop = () => {
      if (o.rate) pump();
      stopped = true;
      if (timer) clearTimeout(timer);
      idle.length = 0;
      if (inFlight === 0) return finish();
      drainTimer = setTimeout(finish, o.drainMs ?? 10_000);
    };

    // Every connection up first, then the clock starts.
    let connected = 0;
    const up = () => {
      if (++connected < o.connections) return;
      started = true;
      t0 = performance.now();
      cpu0 = process.cpuUsage();
      setTimeout(stop, o.seconds * 1000);
      for (const x of conns) ready(x);
    };
    for (let i = 0; i < o.connections; i++) {
      const c: Conn<T> = {
        socket: null,
        busy: false,
        ctx: null,
        since: 0,
        pending: null,
        bodyStart: -1,
        bodyLength: 0,
        status: 0,
        close: false,
      };
      conns.push(c);
      connect(c);
    }
  });
}
