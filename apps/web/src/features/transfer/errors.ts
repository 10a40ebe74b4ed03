import type { Messages } from '../../errors.ts';

/**
 * Plain words for the codes a transfer (POST /v1/transfers) and a withdrawal (POST /v1/withdrawals,
 * GET /v1/cards, GET /v1/withdrawals/{id}) can answer, each with what to do next. The confirmation's
 * own codes (STEP_UP_*, PIN_LOCKED, …) are in features/step-up/errors.ts.
 */
export const errors: Record<string, Messages> = {
  RECIPIENT_NOT_FOUND: {
    'zh-CN': '没有找到这个收款人的银包钱包。请核对手机号或钱包号，或请对方先开通银包。',
    en: 'No Yinbao wallet was found for this payee. Check the number or wallet ID, or ask them to open a wallet first.',
  },
  CANNOT_PAY_SELF: {
    'zh-CN': '不能给自己的钱包转账，请填写别人的手机号或钱包号。',
    en: 'You cannot send money to your own wallet. Enter someone else’s number or wallet ID.',
  },
  INVALID_AMOUNT: {
    'zh-CN': '金额不正确：必须大于 0，最多两位小数。',
    en: 'The amount is not valid: more than 0, at most two decimals.',
  },
  UNSUPPORTED_CURRENCY: {
    'zh-CN': '暂时只能用人民币付款。',
    en: 'Only CNY payments are possible for now.',
  },
  WALLET_FROZEN: {
    'zh-CN': '您的钱包已冻结，暂时不能付款。如是您本人冻结的，可在安全中心解冻；否则请联系客服。',
    en: 'Your wallet is frozen, so payments are paused. If you froze it, unfreeze it in the security centre; otherwise contact customer service.',
  },
  INSUFFICIENT_FUNDS: {
    'zh-CN': '余额不足。请先充值，或减少金额。',
    en: 'Your balance is not enough. Top up first, or send a smaller amount.',
  },
  SINGLE_LIMIT_EXCEEDED: {
    'zh-CN': '超过了您钱包等级的单笔限额。请减少金额，或完成实名认证提升钱包等级。',
    en: 'This is more than your wallet level allows in one payment. Send less, or verify your identity to raise your level.',
  },
  DAILY_LIMIT_EXCEEDED: {
    'zh-CN': '超过了您钱包等级的每日限额。请明天再试，或完成实名认证提升钱包等级。',
    en: 'This would go over your daily limit. Try again tomorrow, or verify your identity to raise your level.',
  },
  ANNUAL_LIMIT_EXCEEDED: {
    'zh-CN': '超过了您钱包等级的年度限额。请完成实名认证提升钱包等级，或联系客服。',
    en: 'This would go over your yearly limit. Verify your identity to raise your level, or contact customer service.',
  },
  RECIPIENT_CANNOT_RECEIVE: {
    'zh-CN': '对方的钱包暂时收不了这笔钱（已到余额上限或无法收款）。请减少金额，或请对方提升钱包等级。',
    en: 'The payee’s wallet cannot take this amount right now (balance limit or not able to receive). Send less, or ask them to raise their wallet level.',
  },
  PAYMENT_DENIED: {
    'zh-CN': '为保护您的资金，这笔付款被安全检查拒绝了，没有扣款。如有疑问请联系客服。',
    en: 'To protect your money, our security checks refused this payment. Nothing was taken. Contact customer service if you have questions.',
  },
  PAYMENT_HELD_FOR_REVIEW: {
    'zh-CN': '这笔提现需要人工审核，钱包没有扣款。请稍后再试或联系客服。',
    en: 'This withdrawal needs a review by our team; nothing was taken from your wallet. Try later or contact customer service.',
  },
  IDEMPOTENCY_CONFLICT: {
    'zh-CN': '这笔付款的信息在提交过程中变了。请回到首页重新发起。',
    en: 'The payment details changed while it was being sent. Go back and start the payment again.',
  },
  TRANSFER_NOT_FOUND: {
    'zh-CN': '找不到这笔转账。',
    en: 'This transfer could not be found.',
  },
  CARD_NOT_FOUND: {
    'zh-CN': '找不到这张银行卡，它可能已被解绑。请重新选择或绑定银行卡。',
    en: 'This card could not be found; it may have been removed. Choose or link a card again.',
  },
  CARD_HAS_PENDING_OPERATION: {
    'zh-CN': '这张卡还有一笔充值或提现正在处理，请等它完成后再试。',
    en: 'A top-up or withdrawal with this card is still in progress. Try again when it has finished.',
  },
  CARD_NETWORK_UNAVAILABLE: {
    'zh-CN': '暂时连不上银行卡网络，没有扣款。请稍后再试。',
    en: 'The card network cannot be reached right now; nothing was taken. Please try again later.',
  },
  BALANCE_CAP_EXCEEDED: {
    'zh-CN': '这会让余额超过您钱包等级的上限。请减少金额。',
    en: "This would take your balance over your wallet level's limit. Use a smaller amount.",
  },
  OPERATION_NOT_FOUND: {
    'zh-CN': '找不到这笔提现记录，请在账单中查看。',
    en: 'This withdrawal could not be found. Look in your transactions.',
  },
};
