/** "2812 3456 7890 1234 56", or with the middle digits hidden: "2812 •••• •••• ••34 56". */
export function groupedCode(code: string, shown: boolean): string {
  const digits = shown
    ? code
    : code
        .split('')
        .map((d, i) => (i < 4 || i >= code.length - 4 ? d : '•'))
        .join('');
  return digits.replace(/(.{4})(?=.)/g, '$1 ');
}
