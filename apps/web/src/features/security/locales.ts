import type { Shape } from '../../text.ts';

/** UI text of this feature, under `security.*` (zh-CN default; English typed against it). */
export const zhCN = {
  title: '安全中心',
} as const;

export const en: Shape<typeof zhCN> = {
  title: 'Security centre',
};
