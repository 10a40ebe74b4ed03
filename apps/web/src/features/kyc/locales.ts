import type { Shape } from '../../text.ts';

/** UI text of this feature, under `kyc.*` (zh-CN default; English typed against it). */
export const zhCN = {
  title: '实名认证',
} as const;

export const en: Shape<typeof zhCN> = {
  title: 'Verify your identity',
};
