import type { Messages } from '../../errors.ts';

/**
 * Plain words for what the hosted checkout (GET /v1/checkout/{id}, POST …/pay) can answer beyond the
 * transfer codes (balance, limits, frozen: features/transfer/errors.ts), the confirmation's
 * (features/step-up/errors.ts) and the shop's state (features/scan/errors.ts).
 */
export const errors: Record<string, Messages> = {
  ORDER_NOT_FOUND: {
    'zh-CN': '找不到这笔订单。请检查链接是否完整，或回到商家网站重新下单。',
    en: 'This order cannot be found. Check that the link is complete, or go back to the shop and order again.',
  },
  ORDER_ALREADY_PAID: {
    'zh-CN': '这笔订单已经付过款了，不会再扣一次钱。',
    en: 'This order has already been paid; you will not be charged again.',
  },
  ORDER_EXPIRED: {
    'zh-CN': '这笔订单已过期，没有扣款。请回到商家网站重新下单。',
    en: 'This order has expired; nothing was taken. Go back to the shop and order again.',
  },
  ORDER_CANCELLED: {
    'zh-CN': '商家已取消这笔订单，没有扣款。',
    en: 'The shop cancelled this order; nothing was taken.',
  },
};
