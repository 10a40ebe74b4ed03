import type { Shape } from '../../text.ts';

/** Text of the confirmation (step-up) panel, under `stepUp.*`. */
export const zhCN = {
  title: '确认身份',
  pin: '支付密码（6 位数字）',
  password: '登录密码',
  confirm: '确认',
  cancel: '取消',
} as const;

export const en: Shape<typeof zhCN> = {
  title: 'Confirm it is you',
  pin: 'Payment PIN (6 digits)',
  password: 'Password',
  confirm: 'Confirm',
  cancel: 'Cancel',
};
