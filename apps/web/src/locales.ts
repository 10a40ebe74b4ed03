import * as adminText from './admin/locales.ts';
import * as cardsText from './features/cards/locales.ts';
import * as checkoutText from './features/checkout/locales.ts';
import * as historyText from './features/history/locales.ts';
import * as kycText from './features/kyc/locales.ts';
import * as notificationsText from './features/notifications/locales.ts';
import * as paycodeText from './features/paycode/locales.ts';
import * as scanText from './features/scan/locales.ts';
import * as securityText from './features/security/locales.ts';
import * as stepUpText from './features/step-up/locales.ts';
import * as transferText from './features/transfer/locales.ts';
import * as merchantText from './merchant/locales.ts';
import * as tillText from './merchant/till/locales.ts';
import type { Shape } from './text.ts';

/** UI text. zh-CN is the default; every key exists in both languages (the type makes sure). */
const zhCN = {
  brand: '银包',
  common: {
    continue: '继续',
    signOut: '退出登录',
    loading: '正在加载…',
    comingSoon: '即将推出',
    back: '返回',
    gotIt: '知道了',
  },
  offline: {
    title: '网络已断开。',
    body: '您可以查看本页面，但付款、转账和查询余额需要联网。恢复网络后会自动继续。',
  },
  welcome: {
    title: '欢迎使用银包',
    subtitle: '安全、简单的银行数字钱包',
    language: '选择语言',
    elder: '长辈模式',
    elderHint: '字更大、按钮更大、操作更简单。以后可在设置中更改。',
    start: '开始使用',
  },
  // The e-CNY-style wallet classes (the API's own names are English; a bank's own table falls back to them).
  tiers: {
    1: '一类钱包（全面认证）',
    2: '二类钱包（实名 + 银行卡）',
    3: '三类钱包（实名）',
    4: '四类钱包（仅手机号）',
  },
  settings: { title: '设置', done: '完成', entry: '设置：语言、长辈模式' },
  signUp: {
    title: '开通钱包',
    step1: '第 1 步：我们会向您的手机发送验证码。',
    step2: '第 2 步：填写验证码并设置登录密码。',
    phoneHint: '用于登录和接收验证码的 11 位手机号',
    sendCode: '获取验证码',
    sending: '正在发送…',
    sent: '如果 {{phone}} 可以开通钱包，验证码已发送到该号码，10 分钟内有效。',
    code: '短信验证码',
    codeInvalid: '请输入短信中的 6 位数字',
    password: '设置登录密码',
    passwordHint: '至少 8 位，不要用生日、手机号或常见密码',
    passwordShort: '密码至少需要 8 位',
    name: '称呼（可选）',
    nameHint: '转账时对方看到的名字',
    open: '开通钱包',
    opening: '正在开通…',
    changeNumber: '换一个手机号',
    haveWallet: '已有钱包？',
  },
  signIn: {
    title: '登录',
    phone: '手机号',
    phoneHint: '注册时使用的 11 位手机号',
    password: '登录密码',
    submit: '登录',
    submitting: '正在登录…',
    phoneInvalid: '请输入 11 位手机号，以 1 开头',
    passwordRequired: '请输入登录密码',
    safety: '银包工作人员不会向您索要密码或验证码。',
    noWallet: '还没有钱包？',
    signUp: '开通钱包',
    how: '登录方式',
    byPassword: '密码登录',
    byCode: '短信验证码登录',
    sendCode: '获取验证码',
    sending: '正在发送…',
    resendIn: '{{seconds}} 秒后可重新获取',
    sent: '如果 {{phone}} 已开通钱包，验证码已发送到该号码，10 分钟内有效。',
    code: '短信验证码',
    codeInvalid: '请输入短信中的 6 位数字',
    codeNote: '用验证码登录后，在新设备上付款需要支付密码或通行密钥确认。',
  },
  home: {
    greeting: '您好，{{name}}',
    balance: '可用余额',
    balances: '各币种余额',
    pending: '处理中：转入 {{incoming}}，转出 {{outgoing}}',
    tier: '钱包等级：{{tier}}',
    frozen: '钱包已冻结，暂时不能付款。',
    quickActions: '常用功能',
    more: '更多功能',
    tip: {
      title: '第一次使用？',
      body: '点“转账”给亲友付钱，点“收款”让别人扫码付给您。每一步付款前都会让您再确认一次。',
    },
    links: {
      history: '账单',
      notifications: '消息',
      security: '安全中心',
      kyc: '实名认证与钱包等级',
      withdraw: '提现到银行卡',
      settings: '设置：语言、长辈模式',
    },
    actions: {
      scan: '扫一扫',
      payCode: '付款码',
      receive: '收款',
      transfer: '转账',
      topUp: '充值',
      cards: '银行卡',
    },
  },
} as const;

const en: Shape<typeof zhCN> = {
  brand: 'Yinbao',
  common: {
    continue: 'Continue',
    signOut: 'Sign out',
    loading: 'Loading…',
    comingSoon: 'Coming soon',
    back: 'Back',
    gotIt: 'Got it',
  },
  offline: {
    title: "You're offline.",
    body: 'You can still read this screen, but payments, transfers and balances need a connection. The app carries on when you are back online.',
  },
  welcome: {
    title: 'Welcome to Yinbao',
    subtitle: 'A safe, simple digital wallet from your bank',
    language: 'Language',
    elder: 'Elder mode',
    elderHint: 'Bigger text, bigger buttons, simpler screens. You can change this later in settings.',
    start: 'Get started',
  },
  tiers: {
    1: 'Class I (fully verified)',
    2: 'Class II (real name + bank card)',
    3: 'Class III (real name)',
    4: 'Class IV (phone only)',
  },
  settings: { title: 'Settings', done: 'Done', entry: 'Settings: language, elder mode' },
  signUp: {
    title: 'Open a wallet',
    step1: 'Step 1: we text a code to your phone.',
    step2: 'Step 2: enter the code and choose a password.',
    phoneHint: 'The 11-digit number you will sign in with and receive codes on',
    sendCode: 'Text me a code',
    sending: 'Sending…',
    sent: 'If {{phone}} can open a wallet, a code has been texted to it. It is valid for 10 minutes.',
    code: 'Code from the text message',
    codeInvalid: 'Enter the 6 digits from the text message',
    password: 'Choose a password',
    passwordHint: 'At least 8 characters; not your birthday, phone number or a common password',
    passwordShort: 'The password needs at least 8 characters',
    name: 'Your name (optional)',
    nameHint: 'What people you pay will see',
    open: 'Open my wallet',
    opening: 'Opening…',
    changeNumber: 'Use another number',
    haveWallet: 'Already have a wallet?',
  },
  signIn: {
    title: 'Sign in',
    phone: 'Mobile number',
    phoneHint: 'The 11-digit number you registered with',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    phoneInvalid: 'Enter an 11-digit mobile number starting with 1',
    passwordRequired: 'Enter your password',
    safety: 'Yinbao staff will never ask for your password or verification codes.',
    noWallet: 'No wallet yet?',
    signUp: 'Open a wallet',
    how: 'How to sign in',
    byPassword: 'Password',
    byCode: 'Text message code',
    sendCode: 'Text me a code',
    sending: 'Sending…',
    resendIn: 'You can ask again in {{seconds}} s',
    sent: 'If {{phone}} has a wallet, a code has been texted to it. It is valid for 10 minutes.',
    code: 'Code from the text message',
    codeInvalid: 'Enter the 6 digits from the text message',
    codeNote:
      'Signed in with a code, payments from a new device are confirmed with your payment PIN or a passkey.',
  },
  home: {
    greeting: 'Hello, {{name}}',
    balance: 'Available balance',
    balances: 'Balances by currency',
    pending: 'In progress: {{incoming}} in, {{outgoing}} out',
    tier: 'Wallet level: {{tier}}',
    frozen: 'Your wallet is frozen: payments are paused.',
    quickActions: 'Quick actions',
    more: 'More',
    tip: {
      title: 'New here?',
      body: 'Tap Transfer to pay family and friends, and Receive to show a code others scan to pay you. Every payment asks you to check it once more before it goes.',
    },
    links: {
      history: 'Transactions',
      notifications: 'Notifications',
      security: 'Security centre',
      kyc: 'Identity and wallet level',
      withdraw: 'Withdraw to a bank card',
      settings: 'Settings: language, elder mode',
    },
    actions: {
      scan: 'Scan',
      payCode: 'Pay code',
      receive: 'Receive',
      transfer: 'Transfer',
      topUp: 'Top up',
      cards: 'Cards',
    },
  },
};

/** Each feature's text lives beside it (`features/<name>/locales.ts`) under its own key. */
export const resources = {
  'zh-CN': {
    translation: {
      ...zhCN,
      stepUp: stepUpText.zhCN,
      transfer: transferText.zhCN,
      cards: cardsText.zhCN,
      history: historyText.zhCN,
      notifications: notificationsText.zhCN,
      security: securityText.zhCN,
      kyc: kycText.zhCN,
      scan: scanText.zhCN,
      checkout: checkoutText.zhCN,
      paycode: paycodeText.zhCN,
      admin: adminText.zhCN,
      merchant: merchantText.zhCN,
      till: tillText.zhCN,
    },
  },
  en: {
    translation: {
      ...en,
      stepUp: stepUpText.en,
      transfer: transferText.en,
      cards: cardsText.en,
      history: historyText.en,
      notifications: notificationsText.en,
      security: securityText.en,
      kyc: kycText.en,
      scan: scanText.en,
      checkout: checkoutText.en,
      paycode: paycodeText.en,
      admin: adminText.en,
      merchant: merchantText.en,
      till: tillText.en,
    },
  },
} as const;

export const LANGUAGES = [
  { code: 'zh-CN', label: '简体中文' },
  { code: 'en', label: 'English' },
] as const;
