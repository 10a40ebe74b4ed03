import { randomBytes } from 'node:crypto';

/** One SMS accepted by the simulator. */
export interface SmsMessage {
  id: string;
  /** E.164 number, e.g. `+8613800138000`. */
  to: string;
  text: string;
  reference?: string;
  /** ISO-8601 timestamp of when the simulator accepted the message. */
  receivedAt: string;
}

export interface SmsMessageInput {
  to: string;
  text: string;
  reference?: string;
}

export interface ListMessagesOptions {
  /** Only messages to this number. */
  to?: string;
  /** At most this many (newest first). */
  limit?: number;
}

/** Default cap on stored messages; the oldest are dropped beyond it. */
export const DEFAULT_MAX_MESSAGES = 10_000;

function copy(m: SmsMessage): SmsMessage {
  return { ...m };
}

/** In-memory message store of the SMS simulator. Nothing is persisted. */
export class SmsState {
  /** Oldest first. */
  private readonly messages: SmsMessage[] = [];
  private readonly byReference = new Map<string, SmsMessage>();
  /**
   * Numbers whose messages are refused with `502 DELIVERY_FAILED`. Configuration, not data:
   * tests may add or remove numbers at runtime, and `reset()` leaves it alone.
   */
  readonly failTo: Set<string>;

  constructor(
    private readonly now: () => Date = () => new Date(),
    failTo: Iterable<string> = [],
    private readonly maxMessages: number = DEFAULT_MAX_MESSAGES,
  ) {
    this.failTo = new Set(failTo);
  }

  get size(): number {
    return this.messages.length;
  }

  /** The stored message sent with this idempotency reference, if any (a copy). */
  findByReference(reference: string): SmsMessage | undefined {
    const found = this.byReference.get(reference);
    return found ? copy(found) : undefined;
  }

  add(input: SmsMessageInput): SmsMessage {
    const message: SmsMessage = {
      id: `sms_${randomBytes(10).toString('hex')}`,
      to: input.to,
      text: input.text,
      ...(input.reference !== undefined ? { reference: input.reference } : {}),
      receivedAt: this.now().toISOString(),
    };
    this.messages.push(message);
    if (message.reference !== undefined) this.byReference.set(message.reference, message);
    while (this.messages.length > this.maxMessages) {
      const dropped = this.messages.shift();
      if (dropped?.reference !== undefined && this.byReference.get(dropped.reference) === dropped) {
        this.byReference.delete(dropped.reference);
      }
    }
    return copy(message);
  }

  /** Messages newest first, optionally only those to one number and at most `limit` of them (copies). */
  list(opts: ListMessagesOptions = {}): SmsMessage[] {
    const out: SmsMessage[] = [];
    const limit = opts.limit ?? Number.POSITIVE_INFINITY;
    for (let i = this.messages.length - 1; i >= 0 && out.length < limit; i -= 1) {
      const m = this.messages[i]!;
      if (opts.to === undefined || m.to === opts.to) out.push(copy(m));
    }
    return out;
  }

  /** The newest message (to `to`, if given). */
  latest(to?: string): SmsMessage | undefined {
    return this.list({ to, limit: 1 })[0];
  }

  /** Forgets all messages and references (keeps `failTo`). */
  reset(): void {
    this.messages.length = 0;
    this.byReference.clear();
  }
}
