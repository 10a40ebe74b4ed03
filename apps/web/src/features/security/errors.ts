import type { Messages } from '../../errors.ts';

/** Plain words for the API error codes this feature's screens can meet (both languages). */
export const errors: Record<string, Messages> = {
  PIN_FORMAT: { 'zh-CN': '支付密码必须是 6 位数字。', en: 'The payment PIN must be 6 digits.' },
  PIN_TOO_SIMPLE: {
    'zh-CN': '这个支付密码太容易被猜到（重复或连续的数字、手机号后 6 位或生日），请换一个。',
    en: 'This PIN is too easy to guess (repeated or sequential digits, your phone number or your birthday). Choose another.',
  },
  DEVICE_NOT_TRUSTED: {
    'zh-CN': '为了安全，只能在受信任的设备上更改支付密码、通行密钥或验证器。请先在安全中心信任本设备。',
    en: 'For your safety, the PIN, passkeys and authenticator can only be changed on a trusted device. Trust this device in the security centre first.',
  },
  REAUTH_REQUIRED: {
    'zh-CN': '为了安全，请重新登录后再继续。',
    en: 'For your safety, please sign in again to continue.',
  },
  STEP_UP_FAILED: {
    'zh-CN': '验证没有通过，请检查后重试。',
    en: 'That was not correct. Check it and try again.',
  },
  STEP_UP_MISMATCH: {
    'zh-CN': '这次验证与当前操作不符，请重新开始。',
    en: 'This confirmation does not match what you are doing. Please start again.',
  },
  STEP_UP_EXPIRED: {
    'zh-CN': '验证已过期或已使用，请重新开始。',
    en: 'The confirmation expired or was already used. Please start again.',
  },
  CHALLENGE_NOT_FOUND: {
    'zh-CN': '验证已失效，请重新开始。',
    en: 'The confirmation is no longer valid. Please start again.',
  },
  PIN_LOCKED: {
    'zh-CN': '支付密码输错次数过多已锁定。请在安全中心用登录密码重新设置支付密码。',
    en: 'Your payment PIN is locked after too many wrong tries. Set a new one with your password in the security centre.',
  },
  OTP_LOCKED: {
    'zh-CN': '验证码输错次数过多，这种验证方式暂时不能使用，请换一种方式。',
    en: 'Too many wrong codes: this way of confirming is blocked for now. Use another way.',
  },
  PASSKEY_LOCKED: {
    'zh-CN': '通行密钥验证失败次数过多已锁定。请换一种方式确认，之后可用登录密码重新添加通行密钥。',
    en: 'Your passkeys are locked after too many failed checks. Confirm another way, then add a passkey again with your password.',
  },
  TOO_MANY_CODES: {
    'zh-CN': '验证码刚刚发送过，请等 1 分钟再试。',
    en: 'A code was sent moments ago. Wait a minute before asking again.',
  },
  TOTP_NOT_STARTED: {
    'zh-CN': '请先开始绑定身份验证器。',
    en: 'Start setting up the authenticator app first.',
  },
  TOTP_CODE_WRONG: {
    'zh-CN': '验证码不正确。请确认手机时间准确，然后输入 App 中最新的验证码。',
    en: 'That code is not right. Check the time on your phone and enter the newest code from the app.',
  },
  DEVICE_NOT_FOUND: {
    'zh-CN': '找不到这台设备，可能已经被移除。',
    en: 'This device could not be found. It may already be removed.',
  },
  CURRENT_DEVICE: {
    'zh-CN': '这是您正在使用的设备，不能在这里移除。如需离开，请退出登录。',
    en: 'This is the device you are using. To leave it, sign out instead.',
  },
  DEVICE_UNKNOWN: {
    'zh-CN': '无法识别本设备，请退出后重新登录。',
    en: 'This device could not be recognised. Sign out and sign in again.',
  },
  DEVICE_ALREADY_TRUSTED: {
    'zh-CN': '本设备已经受信任，无需再验证。',
    en: 'This device is already trusted: nothing to do.',
  },
  NO_STRONG_FACTOR: {
    'zh-CN':
      '现在无法用短信验证码或通行密钥信任本设备。如果您是用短信验证码登录的，请改用密码登录后再试；否则请稍后再试。',
    en: 'This device cannot be trusted with a text message code or a passkey right now. If you signed in with a text message code, sign in with your password instead; otherwise try again later.',
  },
  SESSION_NOT_FOUND: {
    'zh-CN': '找不到这次登录，可能已经退出。',
    en: 'This session could not be found. It may already be signed out.',
  },
  WALLET_NOT_FROZEN: {
    'zh-CN': '钱包没有冻结，无需解除。',
    en: 'Your wallet is not frozen: nothing to lift.',
  },
  WALLET_FROZEN_BY_BANK: {
    'zh-CN': '钱包被银行冻结，无法在这里解除。请联系银行客服。',
    en: 'The bank froze this wallet, so it cannot be lifted here. Please contact the bank’s customer service.',
  },
  PASSKEY_REQUEST_EXPIRED: {
    'zh-CN': '通行密钥请求已过期，请重试。',
    en: 'The passkey request expired. Please try again.',
  },
  PASSKEY_INVALID: {
    'zh-CN': '通行密钥无法验证，请在本设备上重试。',
    en: 'The passkey could not be checked. Try again on this device.',
  },
  PASSKEY_ALREADY_REGISTERED: {
    'zh-CN': '这个通行密钥已经添加过了。',
    en: 'This passkey is already added.',
  },
  TOO_MANY_PASSKEYS: {
    'zh-CN': '最多可添加 10 个通行密钥，请先删除不再使用的。',
    en: 'You can have at most 10 passkeys. Remove one you no longer use first.',
  },
  PASSKEY_NOT_FOUND: {
    'zh-CN': '找不到这个通行密钥，可能已经删除。',
    en: 'This passkey could not be found. It may already be removed.',
  },
  PASSKEY_REJECTED: {
    'zh-CN': '通行密钥登录没有成功。请重试，或用手机号和密码登录。',
    en: 'Signing in with a passkey did not work. Try again, or sign in with your phone number and password.',
  },
};
