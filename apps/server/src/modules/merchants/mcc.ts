/**
 * Merchant category codes (ISO 18245) a merchant may apply with: a small table of real codes with
 * their names in both languages. A code not in this table is refused (INVALID_MCC).
 */
export const MCC_TABLE = {
  '4121': { en: 'Taxicabs and limousines', zh: '出租车' },
  '4111': { en: 'Local and suburban commuter transport', zh: '市内及郊区通勤交通' },
  '5311': { en: 'Department stores', zh: '百货商店' },
  '5331': { en: 'Variety stores', zh: '杂货店' },
  '5411': { en: 'Grocery stores and supermarkets', zh: '食品杂货店和超市' },
  '5441': { en: 'Candy, nut and confectionery stores', zh: '糖果及糕点店' },
  '5462': { en: 'Bakeries', zh: '面包店' },
  '5499': { en: 'Miscellaneous food stores', zh: '其他食品店' },
  '5541': { en: 'Service stations', zh: '加油站' },
  '5651': { en: 'Family clothing stores', zh: '服装店' },
  '5812': { en: 'Eating places and restaurants', zh: '餐馆' },
  '5813': { en: 'Bars and taverns', zh: '酒吧' },
  '5814': { en: 'Fast food restaurants', zh: '快餐店' },
  '5912': { en: 'Drug stores and pharmacies', zh: '药店' },
  '5942': { en: 'Book stores', zh: '书店' },
  '5992': { en: 'Florists', zh: '花店' },
  '5999': { en: 'Miscellaneous and specialty retail stores', zh: '其他零售店' },
  '7011': { en: 'Hotels and motels', zh: '酒店和汽车旅馆' },
  '7210': { en: 'Laundry, cleaning and garment services', zh: '洗衣店' },
  '7230': { en: 'Beauty and barber shops', zh: '美容美发店' },
  '7538': { en: 'Automotive service shops', zh: '汽车维修' },
  '7832': { en: 'Motion picture theatres', zh: '电影院' },
  '8062': { en: 'Hospitals', zh: '医院' },
  '8220': { en: 'Colleges and universities', zh: '高等院校' },
} as const satisfies Record<string, { en: string; zh: string }>;

export type Mcc = keyof typeof MCC_TABLE;

export const isMcc = (code: string): code is Mcc => Object.hasOwn(MCC_TABLE, code);

/** The category's names, for answers: `{code, en, zh}`. */
export const mccInfo = (code: Mcc) => ({ code, name: MCC_TABLE[code].en, nameZh: MCC_TABLE[code].zh });
