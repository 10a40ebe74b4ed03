import { describe, expect, it } from 'vitest';
import { bankName } from './bank-names.ts';

describe('bank names in the reader language', () => {
  it('names the big banks in Chinese, keeps suffixes, leaves English and unknown names alone', () => {
    expect(bankName('Industrial and Commercial Bank of China', 'zh-CN')).toBe('中国工商银行');
    expect(bankName('Bank of China ••0001', 'zh-CN')).toBe('中国银行 ••0001');
    expect(bankName('Agricultural Bank of China', 'zh-CN')).toBe('中国农业银行');
    expect(bankName('Yinbao Simulated Bank (visa)', 'zh-CN')).toBe('银包模拟银行 (visa)');
    expect(bankName('Bank of China', 'en')).toBe('Bank of China');
    expect(bankName('Some Other Bank', 'zh-CN')).toBe('Some Other Bank');
  });
});
