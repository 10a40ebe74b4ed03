import type { Shape } from '../../text.ts';

/** UI text of this feature, under `notifications.*` (zh-CN default; English typed against it). */
export const zhCN = {
  title: '消息',
} as const;

export const en: Shape<typeof zhCN> = {
  title: 'Notifications',
};
