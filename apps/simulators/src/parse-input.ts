import type { z } from 'zod';

export type InputError = { code: string; message: string };
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: InputError };

/**
 * A validator for one simulator's bodies and queries: the first issue becomes a `{code, message}`
 * error, the code chosen by the field it concerns (never echoing the input).
 */
export function inputParser(codeByField: Readonly<Record<string, string>>) {
  return <S extends z.ZodType>(schema: S, input: unknown): ParseResult<z.output<S>> => {
    const parsed = schema.safeParse(input ?? {});
    if (parsed.success) return { ok: true, value: parsed.data };
    const issue = parsed.error.issues[0];
    const field = typeof issue?.path[0] === 'string' ? issue.path[0] : undefined;
    const code = (field && codeByField[field]) || 'VALIDATION_ERROR';
    const message = issue ? (field ? `${field}: ${issue.message}` : issue.message) : 'invalid request';
    return { ok: false, error: { code, message } };
  };
}
