/**
 * Mainland China mobile numbers: 11 digits starting 1[3-9], with or without +86 / 0086.
 * Returns the E.164 form or null.
 */
export function normalizeCnMobile(input: string): string | null {
  const s = input.replace(/[\s-]/g, '');
  const m = /^(?:\+86|0086)?(1[3-9]\d{9})$/.exec(s);
  return m ? `+86${m[1]}` : null;
}

/** 138****8000: enough to recognise, not enough to misuse. */
export function maskPhone(e164: string): string {
  // By code points: a staff search for any text is masked too, and half an emoji (a lone
  // surrogate) cannot be stored in the audit log's jsonb (it failed the lookup with a 503).
  const local = Array.from(e164.replace(/^\+86/, ''));
  return `${local.slice(0, 3).join('')}****${local.slice(-4).join('')}`;
}
