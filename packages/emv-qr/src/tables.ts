/**
 * ISO 4217 numeric currency codes (active currencies and funds codes; precious metals, test and
 * "no currency" codes left out: they are not payable) and ISO 3166-1 alpha-2 country codes.
 * `@yinbao/money` knows only the currencies Yinbao holds; a QR codec must read every scheme's.
 */
const CURRENCY_LIST =
  '008 ALL,012 DZD,032 ARS,036 AUD,044 BSD,048 BHD,050 BDT,051 AMD,052 BBD,060 BMD,064 BTN,068 BOB,' +
  '072 BWP,084 BZD,090 SBD,096 BND,104 MMK,108 BIF,116 KHR,124 CAD,132 CVE,136 KYD,144 LKR,152 CLP,' +
  '156 CNY,170 COP,174 KMF,188 CRC,192 CUP,203 CZK,208 DKK,214 DOP,222 SVC,230 ETB,232 ERN,238 FKP,' +
  '242 FJD,262 DJF,270 GMD,292 GIP,320 GTQ,324 GNF,328 GYD,332 HTG,340 HNL,344 HKD,348 HUF,352 ISK,' +
  '356 INR,360 IDR,364 IRR,368 IQD,376 ILS,388 JMD,392 JPY,398 KZT,400 JOD,404 KES,408 KPW,410 KRW,' +
  '414 KWD,417 KGS,418 LAK,422 LBP,426 LSL,430 LRD,434 LYD,446 MOP,454 MWK,458 MYR,462 MVR,480 MUR,' +
  '484 MXN,496 MNT,498 MDL,504 MAD,512 OMR,516 NAD,524 NPR,532 ANG,533 AWG,548 VUV,554 NZD,558 NIO,' +
  '566 NGN,578 NOK,586 PKR,590 PAB,598 PGK,600 PYG,604 PEN,608 PHP,634 QAR,643 RUB,646 RWF,654 SHP,' +
  '682 SAR,690 SCR,694 SLL,702 SGD,704 VND,706 SOS,710 ZAR,728 SSP,748 SZL,752 SEK,756 CHF,760 SYP,' +
  '764 THB,776 TOP,780 TTD,784 AED,788 TND,800 UGX,807 MKD,818 EGP,826 GBP,834 TZS,840 USD,858 UYU,' +
  '860 UZS,882 WST,886 YER,901 TWD,924 ZWG,925 SLE,926 VED,927 UYW,928 VES,929 MRU,930 STN,931 CUC,' +
  '932 ZWL,933 BYN,934 TMT,936 GHS,938 SDG,940 UYI,941 RSD,943 MZN,944 AZN,946 RON,947 CHE,948 CHW,' +
  '949 TRY,950 XAF,951 XCD,952 XOF,953 XPF,967 ZMW,968 SRD,969 MGA,970 COU,971 AFN,972 TJS,973 AOA,' +
  '975 BGN,976 CDF,977 BAM,978 EUR,979 MXV,980 UAH,981 GEL,984 BOV,985 PLN,986 BRL,990 CLF,997 USN';

const BY_NUMERIC: ReadonlyMap<string, string> = new Map(
  CURRENCY_LIST.split(',').map((e) => e.split(' ') as [string, string]),
);
const BY_ALPHA: ReadonlyMap<string, string> = new Map([...BY_NUMERIC].map(([n, a]) => [a, n]));

/** The alphabetic code of an ISO 4217 numeric code ('156' → 'CNY'), or undefined. */
export const currencyAlpha = (numeric: string): string | undefined => BY_NUMERIC.get(numeric);
/** The numeric code of an ISO 4217 alphabetic code ('CNY' → '156'), or undefined. */
export const currencyNumeric = (alpha: string): string | undefined => BY_ALPHA.get(alpha.toUpperCase());
export const isCurrencyNumeric = (code: string): boolean => BY_NUMERIC.has(code);

const COUNTRIES = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV ' +
    'BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ' +
    'ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE ' +
    'IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY ' +
    'MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU ' +
    'NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM ' +
    'SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE ' +
    'VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

/** ISO 3166-1 alpha-2, upper case: 'CN', 'SG'. */
export const isCountryCode = (code: string): boolean => COUNTRIES.has(code);
export const COUNTRY_COUNT = COUNTRIES.size;
