import { errorMessage, type Lang, type Messages } from '../errors.ts';

/**
 * Plain words for the API error codes the back-office console can meet (both languages). Only codes
 * of the staff API live here (this table is merged into the app's); codes shared with the customer
 * app but worded for staff in the console are in `CONSOLE` and used through `adminError`.
 */
export const errors: Record<string, Messages> = {
  USERNAME_TAKEN: {
    'zh-CN': '该用户名已被使用，请换一个。',
    en: 'That username is taken. Choose another one.',
  },
  INVALID_USERNAME: {
    'zh-CN': '用户名须以小写字母开头，3–32 位，只能含小写字母、数字、点、下划线或连字符。',
    en: 'A username starts with a lower-case letter and has 3–32 lower-case letters, digits, dots, underscores or hyphens.',
  },
  INVALID_ROLES: {
    'zh-CN': '请至少选择一个有效的员工角色。',
    en: 'Choose at least one valid staff role.',
  },
  INVALID_STAFF_ID: {
    'zh-CN': '员工编号无效，请刷新页面后重试。',
    en: 'That staff id is not valid. Reload the page and try again.',
  },
  STAFF_NOT_FOUND: {
    'zh-CN': '找不到该员工账号。',
    en: 'No such staff member.',
  },
  UNKNOWN_TIER: {
    'zh-CN': '没有这个钱包等级，请选择列表中的等级。',
    en: 'There is no such wallet level. Choose one from the list.',
  },
  KYC_NOT_VERIFIED: {
    'zh-CN': '该客户还没有通过实名认证，无法执行此操作。',
    en: 'This customer has no verified identity, so this cannot be done.',
  },
  FORBIDDEN: {
    'zh-CN': '您的角色无权执行此操作。如工作需要，请联系管理员。',
    en: 'Your role does not allow this. If you need it for your work, ask an admin.',
  },
  CUSTOMER_NOT_FOUND: {
    'zh-CN': '没有找到该客户，请核对手机号后重试。',
    en: 'No such customer. Check the mobile number and try again.',
  },
  ROLE_CANNOT_PROPOSE: {
    'zh-CN': '您的角色不能发起此类请求，请联系有权限的同事发起。',
    en: 'Your role cannot propose this kind of request. Ask a colleague who may.',
  },
  ROLE_CANNOT_DECIDE: {
    'zh-CN': '您的角色不能批准或拒绝此类请求，请交由有权限的同事处理。',
    en: 'Your role cannot approve or reject this kind of request. Leave it to a colleague who may.',
  },
  FOUR_EYES_REQUIRED: {
    'zh-CN': '不能批准自己发起的请求，必须由另一位员工批准。',
    en: 'You cannot approve a request you proposed: a second person must approve it.',
  },
  REQUEST_NOT_FOUND: {
    'zh-CN': '找不到该请求，请刷新列表。',
    en: 'This request no longer exists. Reload the list.',
  },
  REQUEST_ALREADY_DECIDED: {
    'zh-CN': '该请求已被处理（可能是其他同事刚刚处理的），请刷新列表。',
    en: 'This request has already been decided, perhaps by a colleague just now. Reload the list.',
  },
  WALLET_NOT_FROZEN: {
    'zh-CN': '钱包当前未冻结，无需解除冻结。',
    en: 'The wallet is not frozen, so there is nothing to lift.',
  },
  WALLET_ALREADY_FROZEN: {
    'zh-CN': '钱包已被银行冻结，无需再次冻结。',
    en: 'The bank has already frozen this wallet; no need to freeze it again.',
  },
  TIER_NOT_HIGHER: {
    'zh-CN': '新等级必须高于当前等级（数字更小）。',
    en: 'The new tier must be higher than the current one (a lower class number).',
  },
  TOTP_CODE_WRONG: {
    'zh-CN': '动态码不正确，请等下一个动态码出现后重试。',
    en: 'That code is wrong. Wait for the next code to appear and try again.',
  },
  REVIEW_NOT_FOUND: {
    'zh-CN': '找不到该审核申请，请返回列表刷新。',
    en: 'This review case no longer exists. Go back to the queue.',
  },
  REVIEW_ALREADY_DECIDED: {
    'zh-CN': '该申请已被处理（可能是其他同事刚刚处理的）。',
    en: 'This case has already been decided, perhaps by a colleague just now.',
  },
  INVALID_REASON: {
    'zh-CN': '请填写 3 至 500 个字的理由。',
    en: 'Give a reason of 3 to 500 characters.',
  },
  INVALID_CURSOR: {
    'zh-CN': '列表位置无效，请回到列表开头。',
    en: 'That page of the list is not valid. Go back to the start of the list.',
  },
};

/** Staff wording for codes the customer app words for customers. */
const CONSOLE: Record<string, Messages> = {
  UNAUTHENTICATED: {
    'zh-CN': '员工登录已过期，请重新登录。',
    en: 'Your staff session has ended. Sign in again.',
  },
  INVALID_AMOUNT: {
    'zh-CN': '金额无效：请输入大于 0、最多两位小数的金额，且不超过钱包可扣的余额。',
    en: 'The amount is not valid: enter more than 0 with at most two decimals.',
  },
};

/** The console's words for an API error code (never the code itself). */
export function adminError(code: string | undefined, lang: string): string {
  const l: Lang = lang.startsWith('zh') ? 'zh-CN' : 'en';
  const m = code ? (CONSOLE[code] ?? errors[code]) : undefined;
  return m ? m[l] : errorMessage(code, lang);
}
