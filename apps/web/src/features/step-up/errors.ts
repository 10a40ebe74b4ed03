import type { Messages } from '../../errors.ts';

/** Plain words for what confirming a payment (step-up) can answer, with what to do next. */
export const errors: Record<string, Messages> = {
  STEP_UP_REQUIRED: {
    'zh-CN': '这笔付款需要再确认一次身份。',
    en: 'This payment needs you to confirm it is you.',
  },
  STEP_UP_FAILED: {
    'zh-CN': '验证没有通过：密码或验证码不正确，请检查后重试。',
    en: 'That was not right: the PIN, password or code is wrong. Check it and try again.',
  },
  STEP_UP_MISMATCH: {
    'zh-CN': '这次确认与付款的金额或收款人不一致，请重新发起付款。',
    en: 'This confirmation was for a different amount or payee. Start the payment again.',
  },
  STEP_UP_EXPIRED: {
    'zh-CN': '确认已过期或已使用过，请重新发起付款。',
    en: 'The confirmation has expired or was already used. Start the payment again.',
  },
  CHALLENGE_EXPIRED: {
    'zh-CN': '确认已过期，请重新发起付款。',
    en: 'The confirmation has expired. Start the payment again.',
  },
  CHALLENGE_NOT_FOUND: {
    'zh-CN': '找不到这次确认，请重新发起付款。',
    en: 'This confirmation could not be found. Start the payment again.',
  },
  PIN_LOCKED: {
    'zh-CN': '支付密码输错次数过多，已被锁定。请换一种方式确认，或在安全中心用登录密码重设支付密码。',
    en: 'Your payment PIN is locked after too many wrong tries. Confirm another way, or set a new PIN with your password in the security centre.',
  },
  OTP_LOCKED: {
    'zh-CN': '验证码输错次数过多，这种验证码已暂停使用。请换一种方式确认。',
    en: 'Too many wrong codes: this kind of code is paused. Confirm another way.',
  },
  PASSKEY_LOCKED: {
    'zh-CN': '通行密钥验证失败次数过多，已被锁定。请换一种方式确认，之后在安全中心重新添加通行密钥。',
    en: 'Your passkeys are locked after too many failed checks. Confirm another way, then add a passkey again in the security centre.',
  },
  TOO_MANY_CODES: {
    'zh-CN': '验证码刚刚发过（每次确认最多发 3 次），请稍等一分钟再试，或换一种方式确认。',
    en: 'A code was sent moments ago (at most three per confirmation). Wait a minute, or confirm another way.',
  },
  PIN_FORMAT: {
    'zh-CN': '支付密码是 6 位数字。',
    en: 'The payment PIN is six digits.',
  },
  PASSKEY_INVALID: {
    'zh-CN': '通行密钥无法验证，请在本设备上重试，或换一种方式确认。',
    en: 'The passkey could not be checked. Try again on this device, or confirm another way.',
  },
};
