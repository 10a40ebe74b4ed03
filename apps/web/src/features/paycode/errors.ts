import type { Messages } from '../../errors.ts';

/**
 * Plain words for what the payment code (POST /v1/pay-codes), a till's payment of it and the
 * customer's confirmation (POST /v1/pos-payments/{id}/confirm) can answer, beyond the transfer codes
 * (balance, limits, frozen: features/transfer/errors.ts) and the confirmation's (features/step-up).
 */
export const errors: Record<string, Messages> = {
  DEVICE_REQUIRED: {
    'zh-CN': '这台设备需要重新登录后才能使用付款码。请退出后再登录一次。',
    en: 'Sign in again on this device to use a pay code: sign out, then sign in.',
  },
  WALLET_NOT_FOUND: {
    'zh-CN': '找不到您的钱包。请联系客服。',
    en: 'Your wallet cannot be found. Please contact customer service.',
  },
  PAY_CODE_INVALID: {
    'zh-CN': '付款码无效（可能已过期、已更新或已用过）。请顾客刷新付款码后再扫。',
    en: 'This pay code is not valid (expired, replaced or already used). Ask the customer to refresh it and scan again.',
  },
  PAY_CODE_LIMIT_EXCEEDED: {
    'zh-CN': '金额超过了付款码每笔的上限，没有扣款。请换一种方式付款。',
    en: 'The amount is more than one pay code payment may take; nothing was taken. Pay another way.',
  },
  PAY_CODE_DAILY_LIMIT_EXCEEDED: {
    'zh-CN': '今天用付款码和碰一碰付的钱已达上限，没有扣款。请换一种方式付款，或明天再试。',
    en: 'Today’s limit for pay codes and taps is reached; nothing was taken. Pay another way or try tomorrow.',
  },
  MERCHANT_NOT_FOUND: {
    'zh-CN': '找不到这家商家。',
    en: 'This shop cannot be found.',
  },
  REFERENCE_CONFLICT: {
    'zh-CN': '这个单号已经用于另一笔付款。请换一个单号。',
    en: 'This reference was already used for another payment. Use a new reference.',
  },
  POS_PAYMENT_NOT_FOUND: {
    'zh-CN': '找不到这笔付款（可能已经处理完了）。',
    en: 'This payment cannot be found (it may have been dealt with already).',
  },
  POS_PAYMENT_NOT_AWAITING: {
    'zh-CN': '这笔付款已经不再等您确认（已确认、已拒绝或已超时），没有再扣款。',
    en: 'This payment no longer waits for you (confirmed, declined or timed out); nothing more was taken.',
  },
  NFC_TAP_INVALID: {
    'zh-CN': '碰一碰没有通过验证，没有扣款。请重新碰一下，或改用付款码。',
    en: 'The tap could not be verified; nothing was taken. Tap again, or show your pay code.',
  },
  NFC_COUNTER_REPLAYED: {
    'zh-CN': '这次碰一碰已经用过了，没有再扣款。请重新碰一下。',
    en: 'This tap was already used; nothing more was taken. Tap the phone again.',
  },
  NFC_TAP_STALE: {
    'zh-CN': '碰一碰已超时，没有扣款。请重新碰一下。',
    en: 'The tap timed out; nothing was taken. Tap the phone again.',
  },
  NFC_KEY_INVALID: {
    'zh-CN': '这台设备的碰一碰密钥无效。请关闭后重新开启“碰一碰付款”。',
    en: "This device's tap-to-pay key is not valid. Switch tap to pay off and on again.",
  },
  NFC_KEY_NOT_FOUND: {
    'zh-CN': '找不到这个碰一碰密钥（可能已经删除）。',
    en: 'This tap-to-pay key cannot be found (it may have been removed).',
  },
};
