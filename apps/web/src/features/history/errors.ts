import type { Messages } from '../../errors.ts';

/** Plain words for the API error codes the history screens can meet (both languages). */
export const errors: Record<string, Messages> = {
  INVALID_FILTER: {
    'zh-CN': '筛选条件有误，请检查金额和日期后重试，或清除筛选。',
    en: 'A filter is not valid. Check the amounts and dates, or clear the filters.',
  },
  TRANSACTION_NOT_FOUND: {
    'zh-CN': '找不到这笔交易，它可能不属于您的钱包。请返回交易记录查看。',
    en: 'This transaction could not be found; it may not belong to your wallet. Go back to your transactions.',
  },
};
