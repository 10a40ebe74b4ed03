import type { Messages } from '../errors.ts';

/** Plain words for the codes of online orders, refunds and the portal's sales (both languages). */
export const errors: Record<string, Messages> = {
  ORDER_NOT_FOUND: {
    'zh-CN': '找不到这个订单。',
    en: 'This order could not be found.',
  },
  INVALID_RETURN_URL: {
    'zh-CN': '返回地址必须是 https:// 开头的网址。',
    en: 'The return address must be an https:// URL.',
  },
  ORDER_REFERENCE_REUSED: {
    'zh-CN': '这个订单号已用于另一笔订单。',
    en: 'This order number is already used by another order.',
  },
  ORDER_NOT_CANCELLABLE: {
    'zh-CN': '只有待支付的订单可以取消。',
    en: 'Only an order waiting for payment can be cancelled.',
  },
  ORDER_ALREADY_PAID: {
    'zh-CN': '这个订单已经支付过了，不会重复扣款。',
    en: 'This order has already been paid; you will not be charged twice.',
  },
  ORDER_EXPIRED: {
    'zh-CN': '这个订单已过期，请回到商户重新下单。',
    en: 'This order has expired. Go back to the shop and order again.',
  },
  ORDER_CANCELLED: {
    'zh-CN': '商户已取消这个订单。',
    en: 'The merchant cancelled this order.',
  },
  ORDER_NOT_PAID: {
    'zh-CN': '这个订单还没有支付，不能退款。',
    en: 'This order has not been paid, so there is nothing to refund.',
  },
  REFUND_EXCEEDS_PAID: {
    'zh-CN': '退款金额超过了订单还可退的金额，请减少退款金额。',
    en: 'That is more than can still be refunded on this order. Refund less.',
  },
  MERCHANT_INSUFFICIENT_FUNDS: {
    'zh-CN': '商户账户余额不足以支付这笔退款（款项可能已结算到银行账户）。',
    en: 'Your merchant account does not hold enough for this refund (the money may already have been paid out to your bank).',
  },
  PAYER_WALLET_CLOSED: {
    'zh-CN': '付款人的钱包已注销，无法退款，请线下联系顾客。',
    en: "The payer's wallet is closed, so the refund cannot be paid. Contact the customer another way.",
  },
  PAYER_WALLET_FULL: {
    'zh-CN': '这笔退款会让付款人的钱包超过余额上限，没有退款。请稍后再试，或减少退款金额。',
    en: "This refund would take the payer's wallet over its balance limit, so nothing was refunded. Try again later or refund less.",
  },
  REFUND_REFERENCE_REUSED: {
    'zh-CN': '这个退款单号已用于另一笔退款，请重试。',
    en: 'This refund reference is already used by another refund. Try again.',
  },
  INVALID_DATE_RANGE: {
    'zh-CN': '日期范围不对：开始日期不能晚于结束日期，最多 92 天。',
    en: 'Those dates do not work: the start must not be after the end, and at most 92 days.',
  },
};
