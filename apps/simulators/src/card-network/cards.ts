/**
 * Test-card catalogue and scenario rules of the card-network simulator.
 *
 * Any Luhn-valid PAN of 13–19 digits is a card. Its behaviour is chosen by the
 * last four digits (see {@link SCENARIO_BY_LAST4}); everything else approves.
 */

export type CardBrand = 'unionpay' | 'visa' | 'mastercard' | 'amex' | 'jcb' | 'unknown';

export type Scenario =
  | 'approve'
  | 'insufficient_funds'
  | 'expired_card'
  | 'do_not_honour'
  | 'timeout'
  | 'late'
  | 'duplicate'
  | 'slow_accept'
  | 'verify_decline';

export type DeclineReason = 'insufficient_funds' | 'expired_card' | 'do_not_honour';

/** Scenario selected by the PAN's last four digits; any other suffix approves. */
export const SCENARIO_BY_LAST4: Readonly<Record<string, Scenario>> = {
  '0002': 'insufficient_funds',
  '0003': 'expired_card',
  '0004': 'do_not_honour',
  '0005': 'timeout',
  '0006': 'late',
  '0007': 'duplicate',
  '0008': 'slow_accept',
  '0009': 'verify_decline',
};

/** Ready-made Luhn-valid PANs, one per scenario (use with {@link TEST_CARD_EXPIRY}). */
export const TEST_CARDS = {
  approve: '6222021000040001',
  approveVisa: '4111111111111111',
  approveMastercard: '5555555555554444',
  approveMastercard2Series: '2223000048410010',
  insufficientFunds: '6222021000030002',
  expiredCard: '6222021000020003',
  doNotHonour: '6222021000010004',
  timeout: '6222021000000005',
  late: '6222021000090006',
  duplicate: '6222021000080007',
  slowAccept: '6222021000070008',
  verifyDecline: '6222021000060009',
  /** Not a card: fails the Luhn check. */
  invalidLuhn: '6222021000000001',
} as const;

/** A far-future expiry to use with the test cards. */
export const TEST_CARD_EXPIRY = '12/39';

/** Default starting balance of every card, in minor units (¥1,000,000.00). */
export const DEFAULT_CARD_BALANCE = 100_000_000n;

const BANKS_BY_BIN: Readonly<Record<string, string>> = {
  '622202': 'Industrial and Commercial Bank of China',
  '621700': 'China Construction Bank',
  '622848': 'Agricultural Bank of China',
  '621661': 'Bank of China',
  '622588': 'China Merchants Bank',
};

/** Luhn check over a 13–19 digit PAN. */
export function isValidPan(pan: string): boolean {
  if (!/^\d{13,19}$/.test(pan)) return false;
  let sum = 0;
  let double = false;
  for (let i = pan.length - 1; i >= 0; i--) {
    let digit = pan.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

export function last4(pan: string): string {
  return pan.slice(-4);
}

export function maskPan(pan: string): string {
  return pan.slice(0, 6) + '*'.repeat(Math.max(0, pan.length - 10)) + pan.slice(-4);
}

export function scenarioOf(pan: string): Scenario {
  return SCENARIO_BY_LAST4[last4(pan)] ?? 'approve';
}

/** Brand by BIN prefix: 62 → unionpay, 4 → visa, 51–55 / 2221–2720 → mastercard, 34/37 → amex, 3528–3589 → jcb. */
export function brandOf(pan: string): CardBrand {
  const p2 = Number(pan.slice(0, 2));
  const p4 = Number(pan.slice(0, 4));
  if (p2 === 62) return 'unionpay';
  if (pan.startsWith('4')) return 'visa';
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return 'mastercard';
  if (p2 === 34 || p2 === 37) return 'amex';
  if (p4 >= 3528 && p4 <= 3589) return 'jcb';
  return 'unknown';
}

export function bankNameOf(pan: string): string {
  const bank = BANKS_BY_BIN[pan.slice(0, 6)];
  if (bank) return bank;
  const brand = brandOf(pan);
  return brand === 'unknown' ? 'Yinbao Simulated Bank' : `Yinbao Simulated Bank (${brand})`;
}

export const EXPIRY_PATTERN = /^(0[1-9]|1[0-2])\/\d{2}$/;

/** A card expiring "MM/YY" is valid through the last day of that month (UTC). */
export function isExpired(expiry: string, now: Date): boolean {
  const match = EXPIRY_PATTERN.exec(expiry);
  if (!match) return true;
  const month = Number(expiry.slice(0, 2));
  const year = 2000 + Number(expiry.slice(3, 5));
  // First instant of the month after expiry (Date.UTC month is 0-based, so `month` is already "next").
  return now.getTime() >= Date.UTC(year, month, 1);
}
