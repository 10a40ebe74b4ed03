import type { Shape } from '../../text.ts';

/** UI text of this feature, under `history.*` (zh-CN default; English typed against it). */
export const zhCN = {
  title: '账单',
} as const;

export const en: Shape<typeof zhCN> = {
  title: 'Transactions',
};
