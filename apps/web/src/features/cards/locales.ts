import type { Shape } from '../../text.ts';

/** UI text of this feature, under `cards.*` (zh-CN default; English typed against it). */
export const zhCN = {
  title: '银行卡',
} as const;

export const en: Shape<typeof zhCN> = {
  title: 'Bank cards',
};
