import type { Shape } from '../text.ts';

/** UI text of the back-office console, under `admin.*` (zh-CN default; English typed against it). */
export const zhCN = {
  title: '银包运营后台',
} as const;

export const en: Shape<typeof zhCN> = {
  title: 'Yinbao back-office',
};
