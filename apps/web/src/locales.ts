/** UI text. zh-CN is the default; every key exists in both languages (the type makes sure). */
const zhCN = {
  brand: '银包',
  common: { continue: '继续', signOut: '退出登录', loading: '正在加载…', comingSoon: '即将推出' },
  welcome: {
    title: '欢迎使用银包',
    subtitle: '安全、简单的银行数字钱包',
    language: '选择语言',
    elder: '长辈模式',
    elderHint: '字更大、按钮更大、操作更简单。以后可在设置中更改。',
    start: '开始使用',
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
  },
  home: {
    greeting: '您好，{{name}}',
    balance: '可用余额',
    balances: '各币种余额',
    pending: '处理中：转入 {{incoming}}，转出 {{outgoing}}',
    tier: '钱包等级：{{tier}}',
    frozen: '钱包已冻结，暂时不能付款。',
    quickActions: '常用功能',
    comingSoonNote: '以下功能即将推出，现在点击不会有任何操作。',
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

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

const en: Shape<typeof zhCN> = {
  brand: 'Yinbao',
  common: { continue: 'Continue', signOut: 'Sign out', loading: 'Loading…', comingSoon: 'Coming soon' },
  welcome: {
    title: 'Welcome to Yinbao',
    subtitle: 'A safe, simple digital wallet from your bank',
    language: 'Language',
    elder: 'Elder mode',
    elderHint: 'Bigger text, bigger buttons, simpler screens. You can change this later in settings.',
    start: 'Get started',
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
  },
  home: {
    greeting: 'Hello, {{name}}',
    balance: 'Available balance',
    balances: 'Balances by currency',
    pending: 'In progress: {{incoming}} in, {{outgoing}} out',
    tier: 'Wallet level: {{tier}}',
    frozen: 'Your wallet is frozen: payments are paused.',
    quickActions: 'Quick actions',
    comingSoonNote: 'These features are coming soon; tapping them does nothing yet.',
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

export const resources = { 'zh-CN': { translation: zhCN }, en: { translation: en } } as const;
export const LANGUAGES = [
  { code: 'zh-CN', label: '简体中文' },
  { code: 'en', label: 'English' },
] as const;
