import { createHmac, randomInt } from 'node:crypto';

/** Customer-presented codes start with 28 (like the 25–30 range wallets in China use) and are 18 digits. */
export const PAY_CODE_PREFIX = '28';
export const PAY_CODE_PATTERN = /^28\d{16}$/;
/** A code is shown for a minute; the wallet asks for a new one before then. */
export const PAY_CODE_TTL_SECONDS = 60;

/** 18 digits: the prefix and 16 digits from the CSPRNG (two draws: `randomInt` stops below 2^48). */
export function newPayCode(): string {
  const half = () => randomInt(0, 100_000_000).toString().padStart(8, '0');
  return `${PAY_CODE_PREFIX}${half()}${half()}`;
}

/** Only this is stored: HMAC-SHA-256 under the keyring's pay-code key (a database copy alone cannot
 * enumerate the 10^16 live codes offline). */
export const payCodeHash = (key: Buffer, code: string): Buffer =>
  createHmac('sha256', key).update(code, 'utf8').digest();
