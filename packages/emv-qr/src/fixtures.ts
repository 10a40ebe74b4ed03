import type { MpmModel } from './model.ts';

/**
 * Real-world merchant-presented payloads from other schemes, each with where it was published and
 * the fields it must decode to. Every CRC here was recomputed and verifies. Published examples
 * whose CRC does not verify are in WRONG_CRC_EXAMPLES below (refused, not "fixed").
 */
export type Fixture = {
  name: string;
  source: string;
  payload: string;
  /** The scheme leaves out EMVCo-mandatory fields (52/59/60): decode with { lenient: true }. */
  lenient?: string[];
  expected: Partial<MpmModel>;
};

export const FIXTURES: readonly Fixture[] = [
  {
    name: 'EMVCo MPM specification example (China, Chinese in template 64, unreserved template 91)',
    source: 'EMV QRCPS Merchant-Presented Mode v1.1, annex example payload',
    payload:
      '00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A',
    expected: {
      payloadFormatIndicator: '01',
      pointOfInitiation: 'dynamic',
      merchantAccounts: [
        { id: '29', globallyUniqueId: 'D15600000000', fields: [{ id: '05', value: 'A93FO3230Q' }] },
        { id: '31', globallyUniqueId: 'D15600000001', fields: [{ id: '03', value: '12345678' }] },
      ],
      mcc: '4111',
      currency: '156',
      amount: '23.72',
      tip: 'prompt',
      countryCode: 'CN',
      merchantName: 'BEST TRANSPORT',
      merchantCity: 'BEIJING',
      language: { preference: 'ZH', name: '最佳运输', city: '北京', rfu: [] },
      additionalData: {
        storeLabel: '1234',
        customerLabel: '***',
        terminalLabel: 'A6008667',
        additionalConsumerDataRequest: 'ME',
        rfu: [],
        paymentSystemTemplates: [],
      },
      unreserved: [
        { id: '91', globallyUniqueId: 'A011223344998877', fields: [{ id: '07', value: '12345678' }] },
      ],
    },
  },
  {
    name: 'PIX static BR Code (Brazil)',
    source: 'Banco Central do Brasil, Manual de Padrões para Iniciação do Pix, static QR example',
    payload:
      '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D',
    expected: {
      merchantAccounts: [
        {
          id: '26',
          globallyUniqueId: 'br.gov.bcb.pix',
          fields: [{ id: '01', value: '123e4567-e12b-12d1-a456-426655440000' }],
        },
      ],
      mcc: '0000',
      currency: '986',
      countryCode: 'BR',
      merchantName: 'Fulano de Tal',
      merchantCity: 'BRASILIA',
      additionalData: { referenceLabel: '***', rfu: [], paymentSystemTemplates: [] },
    },
  },
  {
    name: 'SGQR specification sample (Singapore: Visa, Mastercard, Amex, UnionPay, NETS, PayNow, SGQR id…)',
    source: 'SGQR specification sample, as used in the tests of @rationally-app/payment-qr-parser',
    payload:
      '00020101021102164761360000000*1704155123456789123451110123456789012153123456789012341531250003440001034450003445311000126330015SG.COM.DASH.WWW0110000005550127670014A00000076200010120COM.LQDPALLIANCE.WWW021512345678901234503020028660011SG.COM.OCBC0147OCBCP2P629A358D-ECE7-4554-AD56-EBD12D84CA7E4F7329500006SG.EZI013603600006-76bb-4a5a-aa1a-fbcb64d6ecf530850013SG.COM.EZLINK01201234567890123456-1230204SGQR0324A123456,B123456,C12345670404A23X31260008COM.GRAB0110A93FO3230Q32390007COM.DBS011012345678900210123456789033900011SG.COM.NETS01230201401832831128823590002150001118703240000308885872010901199084E5DC3D834430017COM.QQ.WEIXIN.PAY011012345678900204123435660010SG.COM.UOB014845D233507F5E8C306E3871A4E9FACA601A80C114B5645E5D36840009SG.PAYNOW010120216+621234567890123030100408209912310525123456789012345678901234537270009SG.AIRPAY0110A11BC0000X51860007SG.SGQR0112180307510317020701.0003030608100604020205031380609Counter010708201804075204581453037025802SG5916FOOD XYZ PTE LTD6009SINGAPORE6106081006626001081234567R0607876543050330015SG.COM.DASH.WWW0110000005550263045E8D',
    expected: {
      pointOfInitiation: 'static',
      mcc: '5814',
      currency: '702',
      countryCode: 'SG',
      merchantName: 'FOOD XYZ PTE LTD',
      merchantCity: 'SINGAPORE',
      postalCode: '081006',
      additionalData: {
        billNumber: '1234567R',
        customerLabel: '8765430',
        rfu: [],
        paymentSystemTemplates: [
          { id: '50', globallyUniqueId: 'SG.COM.DASH.WWW', fields: [{ id: '01', value: '0000055502' }] },
        ],
      },
    },
  },
  {
    name: 'PayNow static UEN code (Singapore, a hospital charity fund)',
    source: 'pyPayNowSg tests (TEST_CODE_1, "Woodbridge Hospital Charity Fund")',
    payload:
      '00020101021126400009SG.PAYNOW010120213200002150HWCF030115204000053037025802SG5923NATIONAL HEALTHCARE GRO6009Singapore6304DF3F',
    expected: {
      pointOfInitiation: 'static',
      merchantAccounts: [
        {
          id: '26',
          globallyUniqueId: 'SG.PAYNOW',
          fields: [
            { id: '01', value: '2' },
            { id: '02', value: '200002150HWCF' },
            { id: '03', value: '1' },
          ],
        },
      ],
      currency: '702',
      countryCode: 'SG',
      merchantName: 'NATIONAL HEALTHCARE GRO',
      merchantCity: 'Singapore',
    },
  },
  {
    name: 'PayNow dynamic mobile code with amount and bill number (Singapore)',
    source: 'a published PayNow example ("Din Tai Fung", SGD 24.10), annotated field by field',
    payload:
      '00020101021226380009SG.PAYNOW010100211+659123456703010520400005303702540524.105802SG5904Mark6009Singapore62160112Din Tai Fung630490FC',
    expected: {
      pointOfInitiation: 'dynamic',
      amount: '24.10',
      currency: '702',
      merchantName: 'Mark',
      additionalData: { billNumber: 'Din Tai Fung', rfu: [], paymentSystemTemplates: [] },
    },
  },
  {
    name: 'PromptPay person-to-person with amount (Thailand; no 52/59/60)',
    source: 'dtinth/promptpay-qr tests ("Amount", 000-000-0000, 4.22 THB)',
    payload: '00020101021229370016A000000677010111011300660000000005802TH530376454044.226304E469',
    lenient: ['52', '59', '60'],
    expected: {
      pointOfInitiation: 'dynamic',
      merchantAccounts: [
        { id: '29', globallyUniqueId: 'A000000677010111', fields: [{ id: '01', value: '0066000000000' }] },
      ],
      currency: '764',
      amount: '4.22',
      countryCode: 'TH',
      merchantName: '',
      merchantCity: '',
    },
  },
  {
    name: 'PromptPay from a payment page, ids out of ascending order (Thailand)',
    source: 'a PromptPay code embedded in a published payment-page data file (4999.99 THB)',
    payload: '00020101021153037645802TH29370016A0000006770101110113006681017332754074999.9963040154',
    lenient: ['52', '59', '60'],
    expected: {
      // Marked static ("11") although it carries an amount: read as given.
      pointOfInitiation: 'static',
      merchantAccounts: [
        { id: '29', globallyUniqueId: 'A000000677010111', fields: [{ id: '01', value: '0066810173327' }] },
      ],
      currency: '764',
      amount: '4999.99',
      countryCode: 'TH',
    },
  },
  {
    name: 'DuitNow dynamic merchant code with template 64 (Malaysia)',
    source: 'AsiaPay DuitNow response sample (QRCode=…), published in an integration',
    payload:
      '00020101021226600014A000000615000101068900460228JjXrENybjHu7ag3sShhEmDUh3amy520472985303458540115802MY5917AsiaPay-POS Sub 16006Kangar624005073UktVjo0725FUXkHSHGrI6uP98B4JsvUpybc64270002EN0117AsiaPay-POS Sub 163047BF7',
    expected: {
      pointOfInitiation: 'dynamic',
      merchantAccounts: [
        {
          id: '26',
          globallyUniqueId: 'A0000006150001',
          fields: [
            { id: '01', value: '890046' },
            { id: '02', value: 'JjXrENybjHu7ag3sShhEmDUh3amy' },
          ],
        },
      ],
      mcc: '7298',
      currency: '458',
      amount: '1',
      countryCode: 'MY',
      merchantCity: 'Kangar',
      language: { preference: 'EN', name: 'AsiaPay-POS Sub 1', rfu: [] },
    },
  },
  {
    name: 'DuitNow static donation code of Masjid Negara (Malaysia; payload format indicator "02")',
    source: 'the mosque’s published DuitNow QR, as listed in a donation directory',
    payload:
      '00020201021126420014A000000615000101066033460210MD001295465204939953034585802MY5913MASJID NEGARA6002MY627303251704936237869008996045430052017072988178750084448071617049359619050076304FD9C',
    expected: {
      payloadFormatIndicator: '02',
      pointOfInitiation: 'static',
      mcc: '9399',
      currency: '458',
      merchantName: 'MASJID NEGARA',
      merchantCity: 'MY',
      additionalData: {
        storeLabel: '1704936237869008996045430',
        referenceLabel: '17072988178750084448',
        terminalLabel: '1704935961905007',
        rfu: [],
        paymentSystemTemplates: [],
      },
    },
  },
  {
    name: 'Nigerian dynamic code (NGN; GUID after the account in 36, sub-id 11 in 62, template 80)',
    source: 'Paycashless QR library test data (GRUBWAYS, Abuja, NGN 5000)',
    payload:
      '00020101021236370114grubways61@fbn0015com.paycashless520441115802NG5908GRUBWAYS6005ABUJA6106900231540450005303566627703030550620customer@example.com0702050512PAY_567228030813FOOD DELIVERY110352180590136tok_neojvjkwPrrpr9e03hplcag2ig5gpua80015com.paycashless6304B06F',
    expected: {
      merchantAccounts: [
        { id: '36', globallyUniqueId: 'com.paycashless', fields: [{ id: '01', value: 'grubways61@fbn' }] },
      ],
      mcc: '4111',
      currency: '566',
      amount: '5000',
      countryCode: 'NG',
      merchantName: 'GRUBWAYS',
      merchantCity: 'ABUJA',
      postalCode: '900231',
      additionalData: {
        storeLabel: '055',
        customerLabel: 'customer@example.com',
        terminalLabel: '05',
        referenceLabel: 'PAY_56722803',
        purposeOfTransaction: 'FOOD DELIVERY',
        merchantChannel: '521',
        rfu: [],
        paymentSystemTemplates: [],
      },
      unreserved: [
        {
          id: '80',
          globallyUniqueId: 'com.paycashless',
          fields: [{ id: '01', value: 'tok_neojvjkwPrrpr9e03hplcag2ig5gpua8' }],
        },
      ],
    },
  },
  {
    name: 'Bharat QR of Delhi Metro (India: Visa 02, Mastercard 04, RuPay 06, IFSC/account 08)',
    source: 'Bharat QR sample in a published parser (DELHI METRO RAIL CORPORAT, NEW DELHI)',
    payload:
      '000201010211021644038441210559050415522024041210559061661000304121055980827HDFC000000100000303500179145204939953033565802IN5925DELHI METRO RAIL CORPORAT6009NEW DELHI610611002362120708412105596304142D',
    expected: {
      merchantAccounts: [
        { id: '02', value: '4403844121055905' },
        { id: '04', value: '522024041210559' },
        { id: '06', value: '6100030412105598' },
        { id: '08', value: 'HDFC00000010000030350017914' },
      ],
      mcc: '9399',
      currency: '356',
      countryCode: 'IN',
      merchantName: 'DELHI METRO RAIL CORPORAT',
      postalCode: '110023',
    },
  },
  {
    name: 'Bharat QR with UPI (India: NPCI UPI templates 26 and 27, A000000524)',
    source: 'BharatQR merchant sample in a published QR-safety test set (TECHNO MAIN SALTLAKE, KOLKATA)',
    payload:
      '000201010211021646049010737005110415512260007370050061661000200737005220826UTIB000031992001003930764226460010A0000005240128MAB.037135003190033@AXISBANK27490010A000000524013103713500319003361000200737005225204829953033565802IN5920TECHNO MAIN SALTLAKE6007KOLKATA610670009162120708073700526304A9AD',
    expected: {
      mcc: '8299',
      currency: '356',
      merchantCity: 'KOLKATA',
      merchantAccounts: [
        { id: '02', value: '4604901073700511' },
        { id: '04', value: '512260007370050' },
        { id: '06', value: '6100020073700522' },
        { id: '08', value: 'UTIB0000319920010039307642' },
        {
          id: '26',
          globallyUniqueId: 'A000000524',
          fields: [{ id: '01', value: 'MAB.037135003190033@AXISBANK' }],
        },
        {
          id: '27',
          globallyUniqueId: 'A000000524',
          fields: [{ id: '01', value: '0371350031900336100020073700522' }],
        },
      ],
    },
  },
];

/**
 * Published examples whose CRC does not verify (recomputed CRC in the comment). They are kept to
 * show they are refused with crc_mismatch; they are not fixtures.
 */
export const WRONG_CRC_EXAMPLES = [
  // A blog post's PayNow illustration: the CRC over this text is 3B6A, not 6B56.
  '00020101021126370009SG.PAYNOW010120210T08SS0080L030115204000053037025802SG5910My Company6009Singapore62200116Some Payment Ref63046B56',
  // A PIX API reference's example response: the CRC over this text is 02A4, not 45C8.
  '00020126580014br.gov.bcb.Pix0136123e4567-e12b-12d1-a456-426655440000520400005303986540510.005802BR5913TESTE ACCOUNT6008BRASILIA62070503***630445C8',
  // An older promptpay-qr expectation: the CRC over this text is 9E54, not 6197.
  '00020101021229370016A000000677010111011300668012345675802TH530376463046197',
] as const;

/** The EMVCo consumer-presented mode specification's example (two applications, common data). */
export const CPM_SPEC_EXAMPLE =
  'hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==';
