import type { Shape } from '../../text.ts';

/** UI text of this feature, under `transfer.*` (zh-CN default; English typed against it). */
export const zhCN = {
  title: '转账',
} as const;

export const en: Shape<typeof zhCN> = {
  title: 'Transfer',
};
