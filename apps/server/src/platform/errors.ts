/** The wire error: every 4xx/5xx body has this shape. */
export type ErrorBody = { code: string; message: string; details?: unknown };

/** Expected failures are values, not exceptions. */
export type Failure<C extends string = string> = { ok: false; code: C; message?: string; details?: unknown };
export type Ok<T> = { ok: true; value: T };
export type Result<T, C extends string = string> = Ok<T> | Failure<C>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export function err<C extends string>(code: C, message?: string, details?: unknown): Failure<C> {
  const f: Failure<C> = { ok: false, code };
  if (message !== undefined) f.message = message;
  if (details !== undefined) f.details = details;
  return f;
}

/** One table per module: code → HTTP status and default message. */
/** `final: false` marks answers that invite the same request again with more (e.g. a confirmation):
 * idempotency does not keep them, so the retry with the same key runs. */
export type ErrorTable<C extends string> = Record<C, { status: number; message: string; final?: boolean }>;

/** Thrown only to leave a route with a mapped failure (caught by the error handler). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly final = true,
  ) {
    super(message);
  }
}

export function failureToHttp<C extends string>(table: ErrorTable<C>, f: Failure<C>): HttpError {
  const entry = table[f.code] ?? { status: 500, message: 'Unexpected error' };
  return new HttpError(entry.status, f.code, f.message ?? entry.message, f.details, entry.final ?? true);
}
