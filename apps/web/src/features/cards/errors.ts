import type { Messages } from '../../errors.ts';

/** Plain words for the API error codes the card and top-up screens can meet (both languages). */
export const errors: Record<string, Messages> = {
  INVALID_PAN: {
    'zh-CN': '卡号不正确，请核对银行卡正面的数字后重新输入。',
    en: 'The card number is not right. Check the digits on the front of your card and enter it again.',
  },
  INVALID_EXPIRY: {
    'zh-CN': '有效期格式不对，请按“月/年”填写，例如 08/29。',
    en: 'Enter the expiry date as month/year, for example 08/29.',
  },
  CARD_EXPIRED: {
    'zh-CN': '这张卡已过期，请换一张有效的银行卡。',
    en: 'This card has expired. Please use a card that is still valid.',
  },
  CARD_REJECTED: {
    'zh-CN': '发卡银行没有通过这张卡，请换一张卡，或联系发卡银行。',
    en: 'The bank that issued this card did not accept it. Try another card or contact that bank.',
  },
  CARD_ALREADY_BOUND: {
    'zh-CN': '这张卡已经绑定在您的钱包里了，无需重复绑定。',
    en: 'This card is already linked to your wallet; there is no need to add it again.',
  },
  CARD_NOT_FOUND: {
    'zh-CN': '找不到这张卡，它可能已被解绑。请刷新后重试。',
    en: 'This card could not be found; it may have been removed. Reload and try again.',
  },
  CARD_HAS_PENDING_OPERATION: {
    'zh-CN': '这张卡还有一笔充值或提现正在处理中，请等它完成后再解绑。',
    en: 'A top-up or withdrawal with this card is still in progress. Remove the card after it has finished.',
  },
  CARD_NETWORK_UNAVAILABLE: {
    'zh-CN': '暂时连不上银行卡网络，请稍后再试，您的钱不会被重复扣除。',
    en: 'The card network cannot be reached right now. Try again later; you will not be charged twice.',
  },
  WALLET_FROZEN: {
    'zh-CN': '您的钱包已冻结，暂时不能付款或充值。可在安全中心解除冻结。',
    en: 'Your wallet is frozen, so payments are paused. You can lift the freeze in the security centre.',
  },
  INVALID_AMOUNT: {
    'zh-CN': '金额不正确，请输入大于 0 的金额，最多两位小数。',
    en: 'The amount is not valid. Enter more than 0, with at most two decimals.',
  },
  UNSUPPORTED_CURRENCY: {
    'zh-CN': '目前只能充值人民币。',
    en: 'For now you can only top up in yuan (CNY).',
  },
  BALANCE_CAP_EXCEEDED: {
    'zh-CN': '充值后余额会超过您钱包等级的上限。请少充一些，或完成实名认证提升钱包等级。',
    en: "This would take your balance over your wallet level's limit. Top up less, or verify your identity to raise the level.",
  },
  SINGLE_LIMIT_EXCEEDED: {
    'zh-CN': '超过了单笔限额，请分几次进行，或提升钱包等级。',
    en: 'This is more than your wallet level allows at one time. Split it up, or raise your wallet level.',
  },
  DAILY_LIMIT_EXCEEDED: {
    'zh-CN': '超过了今日限额，请明天再试，或提升钱包等级。',
    en: "This goes over today's limit. Try again tomorrow, or raise your wallet level.",
  },
  ANNUAL_LIMIT_EXCEEDED: {
    'zh-CN': '超过了本年度限额，请提升钱包等级或联系客服。',
    en: "This goes over this year's limit. Raise your wallet level or contact customer service.",
  },
  PAYMENT_DENIED: {
    'zh-CN': '出于安全考虑，这笔交易未能完成，请联系客服。',
    en: 'For your safety this payment was not completed. Please contact customer service.',
  },
  PAYMENT_HELD_FOR_REVIEW: {
    'zh-CN': '这笔交易需要人工审核，钱包里的钱没有被扣除，我们会通知您结果。',
    en: 'This needs a review by our team. Nothing was taken from your wallet; we will let you know.',
  },
  IDEMPOTENCY_CONFLICT: {
    'zh-CN': '这笔请求已经提交过了，请返回查看交易记录，不要重复提交。',
    en: 'This request was already sent. Check your transactions before trying again.',
  },
  OPERATION_NOT_FOUND: {
    'zh-CN': '找不到这笔充值，请在交易记录中查看。',
    en: 'This top-up could not be found. Look for it in your transactions.',
  },
  STEP_UP_REQUIRED: {
    'zh-CN': '这笔交易需要再确认一次身份。',
    en: 'Please confirm it is you to continue.',
  },
  STEP_UP_FAILED: {
    'zh-CN': '密码不正确，请重新输入。',
    en: 'That was not right. Please enter it again.',
  },
  STEP_UP_MISMATCH: {
    'zh-CN': '确认的内容和这笔交易不一致，请重新发起。',
    en: 'The confirmation does not match this payment. Please start again.',
  },
  STEP_UP_EXPIRED: {
    'zh-CN': '确认已超时，请重新发起这笔交易。',
    en: 'The confirmation has timed out. Please start the payment again.',
  },
  PIN_LOCKED: {
    'zh-CN': '支付密码错误次数过多已锁定，请在安全中心重新设置。',
    en: 'Your payment PIN is locked after too many wrong tries. Set a new one in the security centre.',
  },
  OTP_LOCKED: {
    'zh-CN': '验证码错误次数过多，请稍后再试。',
    en: 'Too many wrong codes. Please try again later.',
  },
  PASSKEY_LOCKED: {
    'zh-CN': '通行密钥验证失败次数过多已暂停，请改用支付密码或稍后再试。',
    en: 'Passkey checks are paused after too many failures. Use your PIN or try again later.',
  },
};
