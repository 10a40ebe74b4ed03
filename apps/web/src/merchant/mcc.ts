/**
 * The merchant categories the server accepts (`modules/merchants/mcc.ts`; the API has no route for
 * them yet). `mcc.test.ts` fails when the two tables differ, so this copy cannot drift.
 */
export const MCC_TABLE: Record<string, { en: string; zh: string }> = {
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
};

/** The categories in the chooser's order (by code). */
export const MCC_CODES = Object.keys(MCC_TABLE).sort();
