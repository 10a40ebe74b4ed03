/** Account codes of the bank's own ledger accounts (created by migration 0100) and of wallets. */
export const AccountCode = {
  customerWallet: 1,
  /** A merchant's own settlement account, one per currency (modules/merchants; never below zero). */
  merchant: 2,
  cardNetworkSettlement: 100,
  feeIncome: 101,
  interbankClearing: 102,
  merchantSettlement: 103,
  /** Manual adjustments approved through maker–checker (migration 0140). */
  manualAdjustments: 104,
} as const;

/** Transfer codes: what a movement is, for history and reports. */
export const TransferCode = {
  p2p: 1,
  topup: 10,
  withdrawal: 11,
  /** A customer paying a merchant's QR code (flows/qr-payment.ts). */
  qrPayment: 20,
  /** A merchant's POS taking a customer's payment code or NFC tap (flows/pos-payment.ts). */
  posPayment: 21,
  /** A customer paying a merchant's online order (flows/order-payment.ts). */
  orderPayment: 23,
  /** A merchant refunding (part of) a paid order to the payer's wallet (flows/refund.ts). */
  refund: 24,
  /** Daily merchant settlement: the net payout, merchant account → interbank clearing (flows/settlement.ts). */
  settlementPayout: 30,
  /** Daily merchant settlement: the MDR fee, merchant account → fee income (linked with the payout). */
  mdrFee: 31,
  /** A merchant paying a customer's wallet from its account, in a batch (flows/merchant-payout.ts). */
  merchantPayout: 32,
  adjustment: 90,
} as const;

const hex6 = (n: number) => n.toString(16).padStart(6, '0');

/** Id of a system account, as the migration computes it. */
export function systemAccountId(ledger: number, code: number): string {
  return `00000000-0000-7000-8000-${hex6(ledger)}${hex6(code)}`;
}
