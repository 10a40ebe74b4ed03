/**
 * Plain-words messages for the API's error codes, in every language the app speaks. The screens show
 * `errorMessage(code, lang)`, never the code itself; an unknown code gets the generic message.
 */
import { errors as adminErrors } from './admin/errors.ts';
import { errors as cardsErrors } from './features/cards/errors.ts';
import { errors as checkoutErrors } from './features/checkout/errors.ts';
import { errors as historyErrors } from './features/history/errors.ts';
import { errors as kycErrors } from './features/kyc/errors.ts';
import { errors as notificationsErrors } from './features/notifications/errors.ts';
import { errors as paycodeErrors } from './features/paycode/errors.ts';
import { errors as scanErrors } from './features/scan/errors.ts';
import { errors as securityErrors } from './features/security/errors.ts';
import { errors as stepUpErrors } from './features/step-up/errors.ts';
import { errors as transferErrors } from './features/transfer/errors.ts';
import { errors as merchantErrors } from './merchant/errors.ts';
import { errors as ordersErrors } from './merchant/orders-errors.ts';

export type Lang = 'zh-CN' | 'en';

export type Messages = Record<Lang, string>;

/** The words shared by every screen; each feature adds its own codes in `features/<name>/errors.ts`. */
const COMMON: Record<string, Messages> = {
  INVALID_CREDENTIALS: {
    'zh-CN': '手机号或密码不正确，请检查后重试。',
    en: 'The phone number or password is not correct. Check them and try again.',
  },
  INVALID_PHONE: {
    'zh-CN': '请输入 11 位中国大陆手机号，以 1 开头。',
    en: 'Enter an 11-digit mainland China mobile number starting with 1.',
  },
  TOO_MANY_ATTEMPTS: {
    'zh-CN': '错误次数过多，为保护您的账户已暂时锁定，请稍后再试。',
    en: 'Too many wrong attempts. To protect your account, sign-in is paused: try again later.',
  },
  RATE_LIMITED: {
    'zh-CN': '操作太频繁了，请稍等片刻再试。',
    en: 'Too many requests. Wait a moment, then try again.',
  },
  INVALID_DEVICE_ID: {
    'zh-CN': '本设备的标识无效，请清除本网站数据后重新打开。',
    en: "This device's identifier is not valid. Clear this site's data and open the app again.",
  },
  WEAK_PASSWORD: {
    'zh-CN': '密码至少 8 位，不能是常见密码，也不能包含手机号。',
    en: 'Use at least 8 characters, not a common password, and not containing your phone number.',
  },
  VERIFICATION_FAILED: {
    'zh-CN': '验证码不正确或已失效，请重新获取验证码。',
    en: 'The code is not correct or no longer valid. Ask for a new code and try again.',
  },
  VERIFICATION_REQUIRED: {
    'zh-CN': '请先获取并填写短信验证码。',
    en: 'First ask for a text message code and enter it.',
  },
  SMS_UNAVAILABLE: {
    'zh-CN': '短信暂时发不出去，请稍后再试。',
    en: 'Text messages cannot be sent right now. Please try again shortly.',
  },
  VALIDATION_ERROR: {
    'zh-CN': '填写的内容有误，请检查后重试。',
    en: 'Something you entered is not valid. Check it and try again.',
  },
  MALFORMED_JSON: {
    'zh-CN': '请求出错了，请刷新页面后重试。',
    en: 'The request could not be read. Reload the page and try again.',
  },
  UNAUTHENTICATED: {
    'zh-CN': '登录已过期，请重新登录。',
    en: 'Your session has ended. Please sign in again.',
  },
  WALLET_NOT_FOUND: {
    'zh-CN': '找不到您的钱包，请重新登录；如仍有问题请联系客服。',
    en: 'Your wallet could not be found. Sign in again; if it persists, contact customer service.',
  },
  SERVICE_UNAVAILABLE: {
    'zh-CN': '服务暂时不可用，请稍后再试。',
    en: 'The service is not available right now. Please try again shortly.',
  },
  PHONE_TAKEN: {
    'zh-CN': '这个手机号已经开通了钱包，请直接登录。',
    en: 'This number already has a wallet. Please sign in instead.',
  },
  REAUTH_REQUIRED: {
    'zh-CN': '为了您的资金安全，付款前请重新登录。',
    en: 'For your safety, please sign in again before paying.',
  },
  DEVICE_NOT_TRUSTED: {
    'zh-CN': '这台设备还未被信任。请到“安全中心”用短信验证码或通行密钥信任本设备后再操作。',
    en: 'This device is not trusted yet. In the Security centre, trust it with a text message code or a passkey, then try again.',
  },
  FORBIDDEN: {
    'zh-CN': '您没有进行此操作的权限。',
    en: 'You are not allowed to do this.',
  },
  NOT_FOUND: {
    'zh-CN': '找不到要查看的内容，它可能已被删除。',
    en: 'What you are looking for could not be found. It may have been removed.',
  },
  BAD_REQUEST: {
    'zh-CN': '请求有误，请刷新页面后重试。',
    en: 'The request was not valid. Reload the page and try again.',
  },
  INVALID_TEXT: {
    'zh-CN': '填写的文字含有不支持的字符，请修改后重试。',
    en: 'The text contains characters that cannot be used. Change it and try again.',
  },
  PAYLOAD_TOO_LARGE: {
    'zh-CN': '上传的内容太大了，请换一个更小的文件。',
    en: 'That is too large to send. Use a smaller file.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    'zh-CN': '请求格式不受支持，请刷新页面后重试。',
    en: 'The request format is not supported. Reload the page and try again.',
  },
  IDEMPOTENCY_KEY_IN_USE: {
    'zh-CN': '上一笔相同的操作还在处理中，请稍等几秒，不要重复提交。',
    en: 'The same request is still being processed. Wait a few seconds; do not send it again.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    'zh-CN': '这笔操作的内容与刚才提交的不一致，请重新开始。',
    en: 'This request differs from the one just sent. Please start again.',
  },
  INVALID_IDEMPOTENCY_KEY: {
    'zh-CN': '请求出错了，请刷新页面后重试。',
    en: 'The request could not be read. Reload the page and try again.',
  },
  NOT_READY: {
    'zh-CN': '服务正在启动，请稍后再试。',
    en: 'The service is starting. Please try again shortly.',
  },
  NETWORK_ERROR: {
    'zh-CN': '网络连接失败，请检查网络后重试。',
    en: 'Could not reach the bank. Check your connection and try again.',
  },
};

export const ERROR_MESSAGES: Record<string, Messages> = {
  ...COMMON,
  ...stepUpErrors,
  ...transferErrors,
  ...cardsErrors,
  ...historyErrors,
  ...notificationsErrors,
  ...securityErrors,
  ...kycErrors,
  ...scanErrors,
  ...checkoutErrors,
  ...paycodeErrors,
  ...adminErrors,
  ...merchantErrors,
  ...ordersErrors,
};

export const GENERIC_ERROR: Messages = {
  'zh-CN': '出了点问题，请稍后再试。如仍有问题请联系客服。',
  en: 'Something went wrong. Please try again later, or contact customer service.',
};

/** Every code signing in can answer (POST /v1/auth/login, then GET /v1/me and the wallet). */
export const SIGN_IN_ERROR_CODES = [
  'INVALID_CREDENTIALS',
  'INVALID_PHONE',
  'TOO_MANY_ATTEMPTS',
  'RATE_LIMITED',
  'INVALID_DEVICE_ID',
  'VALIDATION_ERROR',
  'MALFORMED_JSON',
  'SERVICE_UNAVAILABLE',
  'UNAUTHENTICATED',
  'WALLET_NOT_FOUND',
  'NETWORK_ERROR',
] as const;

/** Every code signing up can answer (verify-phone, then sign-up). */
export const SIGN_UP_ERROR_CODES = [
  'INVALID_PHONE',
  'WEAK_PASSWORD',
  'VERIFICATION_FAILED',
  'VERIFICATION_REQUIRED',
  'SMS_UNAVAILABLE',
  'RATE_LIMITED',
  'INVALID_DEVICE_ID',
  'VALIDATION_ERROR',
  'MALFORMED_JSON',
  'SERVICE_UNAVAILABLE',
  'NETWORK_ERROR',
] as const;

export function errorMessage(code: string | undefined, lang: string): string {
  const l: Lang = lang.startsWith('zh') ? 'zh-CN' : 'en';
  const m = code ? ERROR_MESSAGES[code] : undefined;
  return (m ?? GENERIC_ERROR)[l];
}
