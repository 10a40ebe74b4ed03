import type { Messages } from '../errors.ts';

/**
 * Plain words for the API codes of merchants, their QR codes and webhooks (both languages). The
 * customer's QR-payment codes are here too: they come from the same server module and a merchant
 * hears them from customers.
 */
export const errors: Record<string, Messages> = {
  MERCHANT_NOT_FOUND: {
    'zh-CN': '找不到这个商户，或者您不是它的店主或店员。',
    en: 'This merchant could not be found, or you do not work for it.',
  },
  INVALID_MCC: {
    'zh-CN': '请从列表中选择经营类目。',
    en: 'Choose a category from the list.',
  },
  INVALID_ACCOUNT_NUMBER: {
    'zh-CN': '银行账号应为 8–30 位数字，请核对。',
    en: 'The bank account number should be 8 to 30 digits. Check it.',
  },
  INVALID_CONTACT_PHONE: {
    'zh-CN': '联系手机应为 11 位中国大陆手机号。',
    en: 'The contact mobile should be an 11-digit mainland China number.',
  },
  INVALID_CONTACT_EMAIL: {
    'zh-CN': '联系邮箱格式不对，请核对。',
    en: 'The contact email address does not look right. Check it.',
  },
  MERCHANT_ROLE_FORBIDDEN: {
    'zh-CN': '只有店主可以做这项操作。',
    en: 'Only an owner of this merchant can do this.',
  },
  MERCHANT_CLOSED: {
    'zh-CN': '这个商户未通过审核或已暂停，不能再添加店员、密钥或通知地址。',
    en: 'This merchant was not approved or is suspended, so nothing new can be added.',
  },
  MERCHANT_NOT_ACTIVE: {
    'zh-CN': '这个商户还没有开通或已暂停，暂时不能收款。',
    en: 'This merchant is not live (in review or suspended), so it cannot take payments now.',
  },
  MERCHANT_ALREADY_REVIEWED: {
    'zh-CN': '这份商户申请已经有审核结果了。',
    en: 'This merchant application has already been decided.',
  },
  PHONE_NOT_REGISTERED: {
    'zh-CN': '这个手机号还没有开通银包，请对方先开通钱包。',
    en: 'No Yinbao wallet uses this number. Ask them to open a wallet first.',
  },
  ALREADY_MERCHANT_USER: {
    'zh-CN': '这个人已经是本店的店员或店主了。',
    en: 'This person already works for this merchant.',
  },
  USER_NOT_FOUND: {
    'zh-CN': '找不到这位店员，可能已被移除。请刷新后重试。',
    en: 'This staff member could not be found; they may have been removed. Reload and try again.',
  },
  LAST_OWNER: {
    'zh-CN': '商户至少要有一位店主，不能移除最后一位店主。',
    en: 'A merchant needs at least one owner: the last owner cannot be removed.',
  },
  API_KEY_NOT_FOUND: {
    'zh-CN': '找不到这个密钥，请刷新后重试。',
    en: 'This key could not be found. Reload and try again.',
  },
  API_KEY_REVOKED: {
    'zh-CN': '这个密钥已吊销或失效，不能再轮换。',
    en: 'This key is revoked or expired and cannot be rotated.',
  },
  API_KEY_ALREADY_ROTATED: {
    'zh-CN': '这个密钥已经轮换过了，请使用新密钥。',
    en: 'This key was already rotated. Use the new key.',
  },
  QR_CODE_NOT_FOUND: {
    'zh-CN': '找不到这个收款码，请刷新后重试。',
    en: 'This payment code could not be found. Reload and try again.',
  },
  QR_NOT_DISABLEABLE: {
    'zh-CN': '这个收款码已经付过款，不需要停用。',
    en: 'This code has already been paid; there is nothing to disable.',
  },
  QR_INVALID: {
    'zh-CN': '无法识别这个二维码，或它不是银包商户的收款码。',
    en: 'This QR code cannot be read, or it is not a Yinbao merchant code.',
  },
  QR_NOT_SUPPORTED: {
    'zh-CN': '这是其他支付方式的二维码，银包无法支付。',
    en: "This is another payment service's code; Yinbao cannot pay it.",
  },
  QR_EXPIRED: {
    'zh-CN': '这个收款码已过期，请让商户重新生成。',
    en: 'This payment code has expired. Ask the merchant for a new one.',
  },
  QR_DISABLED: {
    'zh-CN': '商户已停用这个收款码。',
    en: 'The merchant has disabled this payment code.',
  },
  QR_ALREADY_PAID: {
    'zh-CN': '这个收款码已经付过款了，不会重复扣款。',
    en: 'This code has already been paid; you will not be charged twice.',
  },
  AMOUNT_REQUIRED: {
    'zh-CN': '请输入付款金额。',
    en: 'Enter the amount to pay.',
  },
  AMOUNT_FIXED: {
    'zh-CN': '这个收款码的金额由商户设定，不能修改。',
    en: "This code's amount is set by the merchant and cannot be changed.",
  },
  STATIC_QR_LIMIT_EXCEEDED: {
    'zh-CN': '今天扫固定收款码付款的金额已达上限，请让商户出示带金额的收款码。',
    en: "You have reached today's limit for codes where you type the amount. Ask the merchant for a code with the amount.",
  },
  MERCHANT_CANNOT_RECEIVE: {
    'zh-CN': '商户的账户暂时不能收款，您的钱没有被扣除。',
    en: "The merchant's account cannot take this payment now. Nothing was taken from your wallet.",
  },
  INVALID_WEBHOOK_URL: {
    'zh-CN': '通知地址必须是 https:// 开头的网址，且不能包含用户名或密码。',
    en: 'The endpoint must be an https:// URL without a user name or password.',
  },
  TOO_MANY_WEBHOOKS: {
    'zh-CN': '一个商户最多 16 个通知地址，请先删除不用的。',
    en: 'A merchant can have at most 16 endpoints. Delete one you no longer use.',
  },
  WEBHOOK_NOT_FOUND: {
    'zh-CN': '找不到这个通知地址，请刷新后重试。',
    en: 'This endpoint could not be found. Reload and try again.',
  },
  WEBHOOK_DELETED: {
    'zh-CN': '这个通知地址已删除，不能再发送或更换密钥。',
    en: 'This endpoint was deleted; nothing more can be sent to it.',
  },
  DELIVERY_NOT_FOUND: {
    'zh-CN': '找不到这条发送记录，请刷新后重试。',
    en: 'This delivery could not be found. Reload and try again.',
  },
  PAY_CODE_INVALID: {
    'zh-CN': '付款码无效：可能输错了、已过期或已用过。请刷新付款码后重试。',
    en: 'This payment code is not valid: mistyped, expired or already used. Refresh the code and try again.',
  },
  PAY_CODE_LIMIT_EXCEEDED: {
    'zh-CN': '金额超过了付款码单笔上限，请换一种方式付款。',
    en: 'This is above what one payment code may pay. Pay another way.',
  },
  PAY_CODE_DAILY_LIMIT_EXCEEDED: {
    'zh-CN': '今天用付款码和碰一碰付款的金额已达上限，请换一种方式付款。',
    en: "Today's limit for payment codes and taps is reached. Pay another way.",
  },
  REFERENCE_CONFLICT: {
    'zh-CN': '这个订单号已用于另一笔收款，请换一个订单号。',
    en: 'This reference was already used for another payment. Use another one.',
  },
  POS_PAYMENT_NOT_FOUND: {
    'zh-CN': '找不到这笔收款，请刷新后重试。',
    en: 'This payment could not be found. Reload and try again.',
  },
  POS_PAYMENT_NOT_AWAITING: {
    'zh-CN': '这笔付款已经确认、拒绝或过期了，不需要再处理。',
    en: 'This payment was already confirmed, declined or has expired; there is nothing more to do.',
  },
  NFC_TAP_INVALID: {
    'zh-CN': '无法识别这次碰一碰付款，请让顾客重新碰一下。',
    en: 'This tap could not be accepted. Ask the customer to tap again.',
  },
  NFC_COUNTER_REPLAYED: {
    'zh-CN': '这次碰一碰已经用过了，请让顾客重新碰一下。',
    en: 'This tap was already used. Ask the customer to tap again.',
  },
  NFC_TAP_STALE: {
    'zh-CN': '这次碰一碰已超时，请让顾客重新碰一下。',
    en: 'This tap is too old. Ask the customer to tap again.',
  },
};
