export {
  CURRENCIES,
  type Currency,
  type CurrencyCode,
  currencyByNumeric,
  getCurrency,
  isCurrencyCode,
} from './currencies.ts';
export { type FormatOptions, formatMoney, toDecimalString } from './format.ts';
export { type ApiMoney, add, compare, fromApi, isZero, type Money, money, sub, toApi } from './money.ts';
export {
  MAX_MINOR_EXCLUSIVE,
  type MoneyErrorCode,
  type ParseOptions,
  parseAmount,
  type Result,
} from './parse.ts';
