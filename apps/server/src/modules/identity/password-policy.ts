/**
 * NIST SP 800-63B style: length (8–128), no composition rules, and a block-list of passwords that
 * are common or derived from the account itself. The list is bundled (no network), biased to what
 * leaked-password studies show for Chinese and English speakers; entries shorter than the minimum
 * length are omitted because the length rule already refuses them.
 */
const COMMON = new Set(
  `12345678 123456789 1234567890 0123456789 87654321 987654321 11111111 22222222 66666666 88888888
  99999999 00000000 12341234 11223344 12121212 13131313 11112222 12344321 147258369 147852369 159357456
  123123123 123456123 123456abc 1234qwer 1q2w3e4r 1q2w3e4r5t 1qaz2wsx 1qaz2wsx3edc qwertyuiop qwerty123
  qwer1234 asdfghjkl asdf1234 zxcvbnm123 zxc123456 abc123456 abcd1234 a1234567 a12345678 a123456789
  aa123456 aa12345678 abc12345 asd123456 qq123456 qwe123456 password password1 password123 passw0rd
  p@ssw0rd p@ssword iloveyou iloveyou1 iloveyou123 woaini1314 woaini520 woaini123 woaiwojia 5201314520
  52013145 1314520520 31415926 3.1415926 admin123 admin1234 administrator root1234 letmein1 welcome1
  welcome123 sunshine princess football baseball superman batman123 starwars trustno1 whatever
  computer internet michelle jennifer charlie1 liverpool chelsea1 arsenal1 zhang123456 wang123456
  li123456 liu123456 chen123456 yang123456 huang123456 zhao123456 wangwei123 lilei123 12345qwert
  qazwsxedc qazwsx123 zaq12wsx 1234abcd abcdefgh abcdefg1 aaaaaaaa aaaa1111 asdfasdf qwerqwer
  yinbao123 yinbao2026 yinbaopay alipay123 wechat123 weixin123 taobao123 baidu123 88888888a
  a88888888 woshishui iloveyou520 beijing123 shanghai123 china123 zhongguo woainima 123456789a
  123456789q 12345678a 12345678q 1234567a q1234567 q12345678`.split(/\s+/),
);

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_phone' | 'repetitive';

export function passwordProblem(password: string, phoneE164: string | null): PasswordProblem | null {
  if ([...password].length < 8) return 'too_short';
  if (password.length > 128) return 'too_long';
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'common';
  if (phoneE164) {
    const local = phoneE164.replace(/^\+86/, '');
    if (lower.includes(local) || lower.includes(local.slice(-8))) return 'contains_phone';
  }
  if (new Set(password).size < 3) return 'repetitive';
  return null;
}
