import { amountOk } from '../../features/cards/api.ts';

/**
 * The till's rules, without React: what a typed amount and a customer's payment code must look like,
 * and the reference a sale gets when the cashier types none.
 */

/** The amount as typed (spaces and a leading ¥ tolerated), or null when it is not a valid yuan amount. */
export function tillAmount(typed: string): string | null {
  const v = typed.replace(/[\s¥￥,，]/g, '');
  return amountOk(v) ? v : null;
}

/** A customer's payment code: 18 digits (spaces or dashes tolerated, as a scanner or a person types them). */
export function payCodeOf(typed: string): string | null {
  const v = typed.trim().replace(/[\s-]/g, '');
  return /^\d{18}$/.test(v) ? v : null;
}

/** What the cashier typed as a reference, checked as the API does (1–64 printable ASCII characters). */
export const referenceOk = (v: string) => /^[\x20-\x7E]{1,64}$/.test(v);

/**
 * A reference for a sale the cashier gave none: `T-` and the local time to the second, with two
 * random letters so two tills of one shop in the same second do not collide (`T-0612-143015-KQ`).
 */
export function generatedReference(now: Date = new Date(), random: () => number = Math.random): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  const pick = () => letters[Math.floor(random() * letters.length)]!;
  return `T-${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}-${pick()}${pick()}`;
}

/** Seconds left until `expiresAt` (never below zero). */
export const secondsLeft = (expiresAt: string | null, now: number = Date.now()) =>
  expiresAt ? Math.max(0, Math.ceil((Date.parse(expiresAt) - now) / 1000)) : 0;

/** `m:ss` for a countdown. */
export const clock = (seconds: number) =>
  `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
