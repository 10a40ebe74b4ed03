/** Checks of what the customer types, before anything is sent. Amounts stay strings (no floats). */

/** "12", "12.3", "12.34" — more than zero, at most two decimals. */
export function amountProblem(raw: string): 'required' | 'format' | 'zero' | null {
  const s = raw.trim();
  if (!s) return 'required';
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(s)) return 'format';
  if (/^0*(\.0*)?$/.test(s)) return 'zero';
  return null;
}

/** The amount as the API wants it: no leading zeros ("007.5" → "7.5"). */
export const normalAmount = (raw: string) => raw.trim().replace(/^0+(?=\d)/, '');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A mobile number (11 digits starting with 1, spaces and dashes allowed) or a wallet id. */
export function parsePayee(raw: string): { phone: string } | { walletId: string } | null {
  const s = raw.trim();
  if (UUID.test(s)) return { walletId: s.toLowerCase() };
  const digits = s.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  return /^1\d{10}$/.test(digits) ? { phone: digits } : null;
}

/** 13812345678 → 138****5678 */
export const maskPhone = (phone: string) =>
  /^\d{11}$/.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;

/** A wallet id shown short: the first and last four characters. */
export const shortWalletId = (id: string) => (id.length > 12 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id);
