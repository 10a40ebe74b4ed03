import { type BerNode, decodeBer, encodeBer } from './ber.ts';
import { fail, ok, type Result } from './result.ts';

/**
 * Named data objects of an application template (61) or the common data template (62) of a
 * consumer-presented EMV QR (EMVCo QRCPS-CPM). Binary values stay hex; text values are decoded.
 */
export type CpmData = {
  aid?: string; // 4F, hex
  label?: string; // 50, text
  track2?: string; // 57, hex (track 2 equivalent data)
  pan?: string; // 5A, digits (BCD, trailing F padding removed)
  cardholderName?: string; // 5F20, text
  languagePreference?: string; // 5F2D, text ("zhen")
  issuerUrl?: string; // 5F50, text
  applicationVersion?: string; // 9F08, hex
  tokenRequestorId?: string; // 9F19, hex
  paymentAccountReference?: string; // 9F24, text
  last4Digits?: string; // 9F25, digits
  /** 63 (application specific) or 64 (common data) transparent template: other EMV data, as given. */
  transparent?: BerNode[];
};
export type CpmApplication = CpmData;

export type CpmModel = {
  formatIndicator: string; // 85, "CPV01"
  applications: CpmApplication[]; // 61, at least one
  commonData?: CpmData; // 62
  /** The whole BER-TLV tree in payload order: `encodeBer(tree)` gives the bytes back. */
  tree: BerNode[];
};

const text = (hex: string) => Buffer.from(hex, 'hex').toString('utf8');
const fromText = (s: string) => Buffer.from(s, 'utf8').toString('hex').toUpperCase();
const TEXT_TAGS = {
  '50': 'label',
  '5F20': 'cardholderName',
  '5F2D': 'languagePreference',
  '5F50': 'issuerUrl',
  '9F24': 'paymentAccountReference',
} as const;
const HEX_TAGS = {
  '4F': 'aid',
  '57': 'track2',
  '9F08': 'applicationVersion',
  '9F19': 'tokenRequestorId',
} as const;
const DIGIT_TAGS = { '5A': 'pan', '9F25': 'last4Digits' } as const;

function readData(children: readonly BerNode[]): CpmData {
  const out: CpmData = {};
  for (const c of children) {
    if (c.tag in TEXT_TAGS) out[TEXT_TAGS[c.tag as keyof typeof TEXT_TAGS]] = text(c.hex);
    else if (c.tag in HEX_TAGS) out[HEX_TAGS[c.tag as keyof typeof HEX_TAGS]] = c.hex;
    else if (c.tag in DIGIT_TAGS)
      out[DIGIT_TAGS[c.tag as keyof typeof DIGIT_TAGS]] = c.hex.replace(/F+$/, '');
    else if ((c.tag === '63' || c.tag === '64') && c.children) out.transparent = c.children;
  }
  return out;
}

function writeData(d: CpmData, transparentTag: '63' | '64'): BerNode[] {
  const nodes: BerNode[] = [];
  const order = ['4F', '50', '57', '5A', '5F20', '5F2D', '5F50', '9F08', '9F19', '9F24', '9F25'];
  for (const tag of order) {
    const name =
      TEXT_TAGS[tag as keyof typeof TEXT_TAGS] ??
      HEX_TAGS[tag as keyof typeof HEX_TAGS] ??
      DIGIT_TAGS[tag as keyof typeof DIGIT_TAGS];
    const v = d[name];
    if (typeof v !== 'string') continue;
    if (tag in TEXT_TAGS) nodes.push({ tag, hex: fromText(v) });
    else if (tag in DIGIT_TAGS) nodes.push({ tag, hex: v.length % 2 ? `${v}F` : v });
    else nodes.push({ tag, hex: v.toUpperCase() });
  }
  if (d.transparent) nodes.push({ tag: transparentTag, hex: '', children: d.transparent });
  return nodes;
}

/** Reads a consumer-presented QR: base64 of BER-TLV, "CPV01" in 85 first, then 61 (one or more) and 62. */
export function decodeCpm(base64: string): Result<CpmModel> {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 !== 0)
    return fail(
      'invalid_base64',
      'the consumer-presented payload is not base64 (A–Z a–z 0–9 + /, padded to 4)',
    );
  const parsed = decodeBer(Buffer.from(base64, 'base64'));
  if (!parsed.ok) return parsed;
  const tree = parsed.value;
  const first = tree[0];
  if (first?.tag !== '85' || text(first.hex) !== 'CPV01')
    return fail(
      'cpm_invalid_format_indicator',
      'the payload must start with payload format indicator 85 = "CPV01"',
      {
        offset: 0,
        field: '85',
      },
    );
  const applications = tree.filter((n) => n.tag === '61' && n.children).map((n) => readData(n.children!));
  if (applications.length === 0)
    return fail('cpm_missing_application', 'no application template 61', { field: '61' });
  const common = tree.find((n) => n.tag === '62' && n.children);
  return ok({
    formatIndicator: 'CPV01',
    applications,
    ...(common ? { commonData: readData(common.children!) } : {}),
    tree,
  });
}

/** Writes a consumer-presented QR payload (base64) from named fields, in tag order. */
export function encodeCpm(model: { applications: CpmData[]; commonData?: CpmData }): Result<string> {
  if (model.applications.length === 0)
    return fail(
      'cpm_missing_application',
      'a consumer-presented QR needs at least one application template 61',
    );
  for (const d of [...model.applications, ...(model.commonData ? [model.commonData] : [])])
    for (const [name, v] of Object.entries(d))
      if (
        typeof v === 'string' &&
        (name in HEX_FIELDS ? !/^([0-9A-Fa-f]{2})*$/.test(v) : name in DIGIT_FIELDS && !/^\d+$/.test(v))
      )
        return fail(
          'cpm_invalid_value',
          `${name} "${v}" is not ${name in HEX_FIELDS ? 'whole bytes of hex' : 'digits'}`,
          { field: name },
        );
  const nodes: BerNode[] = [
    { tag: '85', hex: fromText('CPV01') },
    ...model.applications.map((a) => ({ tag: '61', hex: '', children: writeData(a, '63') })),
    ...(model.commonData ? [{ tag: '62', hex: '', children: writeData(model.commonData, '64') }] : []),
  ];
  return ok(Buffer.from(encodeBer(nodes)).toString('base64'));
}

const HEX_FIELDS = Object.fromEntries(Object.values(HEX_TAGS).map((n) => [n, true]));
const DIGIT_FIELDS = Object.fromEntries(Object.values(DIGIT_TAGS).map((n) => [n, true]));
