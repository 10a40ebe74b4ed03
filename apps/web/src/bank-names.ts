/**
 * Banks' names in the reader's language. The card network answers in English ("Industrial and
 * Commercial Bank of China"); a Chinese screen shows the name people know ("中国工商银行"). Works
 * on a name with a suffix too ("Bank of China ••0001"), as the history's counterparty reads.
 */
const ZH: [string, string][] = [
  // Longest first, so "Bank of China" does not match inside the others.
  ['Industrial and Commercial Bank of China', '中国工商银行'],
  ['Agricultural Bank of China', '中国农业银行'],
  ['China Construction Bank', '中国建设银行'],
  ['China Merchants Bank', '招商银行'],
  ['Bank of Communications', '交通银行'],
  ['Postal Savings Bank of China', '中国邮政储蓄银行'],
  ['Yinbao Simulated Bank', '银包模拟银行'],
  ['Bank of China', '中国银行'],
];

export function bankName(name: string, lang: string): string {
  if (!lang.startsWith('zh')) return name;
  for (const [en, zh] of ZH) if (name.startsWith(en)) return zh + name.slice(en.length);
  return name;
}
