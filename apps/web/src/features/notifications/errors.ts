import type { Messages } from '../../errors.ts';

/** Plain words for the API error codes the inbox can meet (both languages). */
export const errors: Record<string, Messages> = {
  NOT_FOUND: {
    'zh-CN': '找不到这条消息，请刷新后再试。',
    en: 'This notification could not be found. Reload and try again.',
  },
};
