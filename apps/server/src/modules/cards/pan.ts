/** Card number and expiry rules checked locally, before the card network is asked. */

/** Digits only (spaces and dashes as typed are dropped), 13–19 of them, valid Luhn check digit. */
export function normalizePan(input: string): string | null {
  const pan = input.replace(/[\s-]/g, '');
  return /^\d{13,19}$/.test(pan) && luhnOk(pan) ? pan : null;
}

export function luhnOk(pan: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = pan.length - 1; i >= 0; i--) {
    let d = pan.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

const EXPIRY = /^(0[1-9]|1[0-2])\/(\d{2})$/;

export const isExpiryFormat = (expiry: string) => EXPIRY.test(expiry);

/** "MM/YY" is valid through the last day of that month (UTC, as the card network counts it). */
export function isExpired(expiry: string, now: Date): boolean {
  const m = EXPIRY.exec(expiry);
  if (!m) return true;
  const month = Number(m[1]);
  const year = 2000 + Number(m[2]);
  return now.getTime() >= Date.UTC(year, month, 1);
}

/** How a card is named to its owner: bank and last four digits, never more. */
export const cardLabel = (bankName: string, last4: string) => `${bankName} ••${last4}`;
