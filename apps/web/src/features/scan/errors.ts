import type { Messages } from '../../errors.ts';

/**
 * Plain words for what scanning and paying a merchant's QR code (POST /v1/qr/resolve, /v1/qr/pay) can
 * answer beyond the transfer codes (balance, limits, frozen: features/transfer/errors.ts) and the
 * confirmation's (features/step-up/errors.ts).
 */
export const errors: Record<string, Messages> = {
  QR_INVALID: {
    'zh-CN': '这个二维码读不出来，或不是银包商家发的。请重新扫码，或请商家换一个码。',
    en: 'This QR code cannot be read, or no Yinbao shop issued it. Scan it again or ask the shop for a new code.',
  },
  QR_NOT_SUPPORTED: {
    'zh-CN': '这是其他支付机构的二维码，银包不能付。请用对应的应用，或请商家出示银包收款码。',
    en: "This is another payment service's QR code: Yinbao cannot pay it. Use that service's app, or ask the shop for its Yinbao code.",
  },
  QR_EXPIRED: {
    'zh-CN': '这个二维码已过期，没有扣款。请商家重新生成一个。',
    en: 'This QR code has expired; nothing was taken. Ask the shop for a new one.',
  },
  QR_DISABLED: {
    'zh-CN': '商家已停用这个二维码，没有扣款。请商家出示新的收款码。',
    en: 'The shop has switched this QR code off; nothing was taken. Ask the shop for its current code.',
  },
  QR_ALREADY_PAID: {
    'zh-CN': '这个二维码已经付过款了，不能再付一次。如需再付，请商家生成新的二维码。',
    en: 'This QR code has already been paid, so it cannot be paid again. Ask the shop for a new code if you need to pay more.',
  },
  MERCHANT_NOT_ACTIVE: {
    'zh-CN': '这家商家现在不能收款（还在审核中或已停业），没有扣款。',
    en: 'This shop cannot take payments right now (still under review or closed); nothing was taken.',
  },
  AMOUNT_REQUIRED: {
    'zh-CN': '请填写要付的金额。',
    en: 'Enter the amount to pay.',
  },
  AMOUNT_FIXED: {
    'zh-CN': '这个二维码的金额是商家定好的，不能修改。请重新扫码。',
    en: 'The shop fixed the amount of this code; it cannot be changed. Scan the code again.',
  },
  STATIC_QR_LIMIT_EXCEEDED: {
    'zh-CN': '今天扫码自己填金额的付款已达上限。请商家出示带金额的二维码，或明天再试。',
    en: 'You have reached today’s limit for codes where you type the amount. Ask the shop for a code with the amount in it, or try tomorrow.',
  },
  MERCHANT_CANNOT_RECEIVE: {
    'zh-CN': '商家的账户暂时收不了这笔钱，没有扣款。请换一种方式付款或稍后再试。',
    en: "The shop's account cannot take this payment right now; nothing was taken. Pay another way or try later.",
  },
};
