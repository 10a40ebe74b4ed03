/**
 * Masking of personal data in answers, logs and audit data (S6): enough to recognise, not enough
 * to misuse. Phone numbers: `maskPhone` in modules/identity/phone.ts (138****8000).
 */

/**
 * A name with most of it hidden: a Chinese name keeps its last character (张伟 → *伟), a name in
 * words keeps the initial of each (ZHANG SAN → Z**** S**).
 */
export const maskName = (name: string) => {
  const words = name.trim().split(/\s+/);
  if (words.length > 1) return words.map((w) => [...w][0] + '*'.repeat([...w].length - 1)).join(' ');
  const chars = [...name.trim()];
  return chars.length <= 1 ? '*' : `${'*'.repeat(chars.length - 1)}${chars[chars.length - 1]}`;
};
