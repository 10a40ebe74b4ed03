import { randomBytes } from 'node:crypto';
import type { FaceScenario, FaceVerdict } from './scenarios.ts';

/**
 * One face check as the simulator keeps it. The selfie itself is never stored: only its size and
 * SHA-256 (enough to tell a replay from a different request). The name is kept masked.
 */
export interface FaceCheckRecord {
  id: string;
  reference: string;
  subject: { idNumberHash: string } | { maskedName: string; idLast4: string };
  selfie: { bytes: number; sha256: string };
  scenario: FaceScenario;
  verdict: FaceVerdict;
  /** Face-match similarity 0..1 (null when liveness failed and no comparison was made). */
  score: number | null;
  liveness: number;
  threshold: number;
  callbackUrl?: string;
  callback?: { status: number | 'error'; at: string };
  createdAt: string;
}

export interface FaceCheckFaults {
  /** `body`: the answer is altered after signing; `signature`: the signature is broken. */
  tamper: 'none' | 'body' | 'signature';
  unavailable: boolean;
  slowMs: number;
}

export const DEFAULT_MAX_CHECKS = 10_000;

const copy = (r: FaceCheckRecord): FaceCheckRecord => structuredClone(r);

/** In-memory store of the identity-verification simulator. Nothing is persisted. */
export class IdentityState {
  private readonly checks: FaceCheckRecord[] = [];
  private readonly byId = new Map<string, FaceCheckRecord>();
  private readonly byReference = new Map<string, FaceCheckRecord>();
  /** Test/demo switches; `reset()` leaves them alone. */
  readonly faults: FaceCheckFaults;

  constructor(
    readonly now: () => Date = () => new Date(),
    faults: Partial<FaceCheckFaults> = {},
    private readonly maxChecks = DEFAULT_MAX_CHECKS,
  ) {
    this.faults = { tamper: 'none', unavailable: false, slowMs: 10_000, ...faults };
  }

  get size(): number {
    return this.checks.length;
  }

  get(id: string): FaceCheckRecord | undefined {
    const r = this.byId.get(id);
    return r ? copy(r) : undefined;
  }

  findByReference(reference: string): FaceCheckRecord | undefined {
    const r = this.byReference.get(reference);
    return r ? copy(r) : undefined;
  }

  add(input: Omit<FaceCheckRecord, 'id' | 'createdAt'>): FaceCheckRecord {
    const record: FaceCheckRecord = {
      ...input,
      id: `fc_${randomBytes(10).toString('hex')}`,
      createdAt: this.now().toISOString(),
    };
    this.checks.push(record);
    this.byId.set(record.id, record);
    this.byReference.set(record.reference, record);
    while (this.checks.length > this.maxChecks) {
      const dropped = this.checks.shift()!;
      this.byId.delete(dropped.id);
      if (this.byReference.get(dropped.reference) === dropped) this.byReference.delete(dropped.reference);
    }
    return copy(record);
  }

  recordCallback(id: string, status: number | 'error'): void {
    const r = this.byId.get(id);
    if (r) r.callback = { status, at: this.now().toISOString() };
  }

  /** Newest first (copies). */
  list(opts: { reference?: string; limit?: number } = {}): FaceCheckRecord[] {
    const out: FaceCheckRecord[] = [];
    const limit = opts.limit ?? Number.POSITIVE_INFINITY;
    for (let i = this.checks.length - 1; i >= 0 && out.length < limit; i -= 1) {
      const r = this.checks[i]!;
      if (opts.reference === undefined || r.reference === opts.reference) out.push(copy(r));
    }
    return out;
  }

  reset(): void {
    this.checks.length = 0;
    this.byId.clear();
    this.byReference.clear();
  }
}
