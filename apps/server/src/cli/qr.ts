import { readFileSync } from 'node:fs';
import {
  currencyAlpha,
  decode,
  decodeCpm,
  encode,
  type MpmModel,
  type QrError,
  yinbaoMerchantQr,
} from '@yinbao/emv-qr';
import type { Command } from 'commander';
import { writeQrPng } from './qr-image.ts';

type Io = { out: (s: string) => void; err: (s: string) => void; stdin: () => string };

const defaultIo: Io = {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
  stdin: () => readFileSync(0, 'utf8'),
};

/** Exit code for a payload or model that is refused. */
const INVALID = 2;

const refuse = (io: Io, e: QrError) => {
  io.err(`${e.code}: ${e.message}`);
  return INVALID;
};

/** A consumer-presented payload is base64 starting with 85 05 "CPV01" (the first 9 characters are fixed). */
const CPM_PREFIX = 'hQVDUFYwM';

export function qrDecode(payload: string, opts: { lenient?: boolean }, io: Io = defaultIo): number {
  const text = (payload === '-' ? io.stdin() : payload).trim();
  if (text.startsWith(CPM_PREFIX)) {
    const r = decodeCpm(text);
    if (!r.ok) return refuse(io, r.error);
    io.out(JSON.stringify({ mode: 'consumer-presented', ...r.value }, null, 2));
    return 0;
  }
  const r = decode(text, { lenient: Boolean(opts.lenient) });
  if (!r.ok) return refuse(io, r.error);
  const { model, tree, crc, missing } = r.value;
  const currencyCode = currencyAlpha(model.currency);
  io.out(
    JSON.stringify(
      { mode: 'merchant-presented', model, currencyCode, crc, ...(missing ? { missing } : {}), tree },
      null,
      2,
    ),
  );
  return 0;
}

export type QrEncodeOpts = {
  json?: string;
  merchantId?: string;
  merchantName?: string;
  city?: string;
  mcc?: string;
  currency: string;
  country: string;
  amount?: string;
  reference?: string;
  dynamic?: boolean;
  nameZh?: string;
  cityZh?: string;
  postalCode?: string;
};

export function qrEncode(opts: QrEncodeOpts, io: Io = defaultIo): number {
  if (opts.json) {
    let model: MpmModel;
    try {
      const raw = JSON.parse(
        opts.json === '-' ? io.stdin() : readFileSync(opts.json, 'utf8'),
      ) as Partial<MpmModel>;
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('the JSON is not an object');
      model = {
        ...raw,
        rfu: raw.rfu ?? [],
        unreserved: raw.unreserved ?? [],
        merchantAccounts: raw.merchantAccounts ?? [],
      } as MpmModel;
    } catch (e) {
      io.err(`bad_json: ${(e as Error).message}`);
      return INVALID;
    }
    let r: ReturnType<typeof encode>;
    try {
      r = encode(model);
    } catch (e) {
      // A JSON model of the wrong shape (a number where a list belongs…), not an invalid payload.
      io.err(
        `bad_json: the model does not have the shape \`yinbao qr decode\` prints (${(e as Error).message})`,
      );
      return INVALID;
    }
    if (!r.ok) return refuse(io, r.error);
    io.out(r.value);
    return 0;
  }
  const missing = (['merchantId', 'merchantName', 'city', 'mcc'] as const).filter((k) => !opts[k]);
  if (missing.length) {
    const flag = (k: string) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    io.err(`missing_option: give ${missing.map(flag).join(', ')} (or --json <file|->)`);
    return INVALID;
  }
  const r = yinbaoMerchantQr({
    merchantId: opts.merchantId!,
    merchantName: opts.merchantName!,
    merchantCity: opts.city!,
    mcc: opts.mcc!,
    currency: opts.currency,
    countryCode: opts.country,
    ...(opts.amount !== undefined ? { amount: opts.amount } : {}),
    ...(opts.reference !== undefined ? { reference: opts.reference } : {}),
    ...(opts.nameZh !== undefined ? { nameZh: opts.nameZh } : {}),
    ...(opts.cityZh !== undefined ? { cityZh: opts.cityZh } : {}),
    ...(opts.postalCode !== undefined ? { postalCode: opts.postalCode } : {}),
    ...(opts.dynamic ? { dynamic: true } : {}),
  });
  if (!r.ok) return refuse(io, r.error);
  io.out(r.value);
  return 0;
}

/**
 * Writes a payload as a printable PNG QR symbol. The payload must decode (merchant-presented, leniently,
 * or consumer-presented): a typo would otherwise be printed and stuck on a counter.
 */
export async function qrPng(
  payload: string,
  opts: { out: string; width?: string },
  io: Io = defaultIo,
): Promise<number> {
  const text = (payload === '-' ? io.stdin() : payload).trim();
  if (!text.startsWith(CPM_PREFIX)) {
    const r = decode(text, { lenient: true });
    if (!r.ok) return refuse(io, r.error);
  } else {
    const r = decodeCpm(text);
    if (!r.ok) return refuse(io, r.error);
  }
  const width = opts.width === undefined ? 600 : Number(opts.width);
  if (!Number.isInteger(width) || width < 100 || width > 4000) {
    io.err('bad_width: --width is a whole number of pixels from 100 to 4000');
    return INVALID;
  }
  try {
    await writeQrPng(text, opts.out, width);
  } catch (e) {
    io.err(`write_failed: ${(e as Error).message}`);
    return 1;
  }
  io.out(opts.out);
  return 0;
}

/** `yinbao qr decode|encode|png`. */
export function registerQrCommands(program: Command): void {
  const qr = program
    .command('qr')
    .description('EMVCo QR payloads (merchant- and consumer-presented): decode, encode, png');
  qr.command('decode')
    .description(
      'Print a payload’s fields and TLV tree as JSON; exit 2 with the error code and message if invalid',
    )
    .argument('<payload>', 'the QR text (quote it), or - to read standard input')
    .option('--lenient', 'accept payloads without 52/59/60 (e.g. Thai PromptPay person-to-person codes)')
    .action((payload: string, opts: { lenient?: boolean }) => {
      process.exitCode = qrDecode(payload, opts);
    });
  qr.command('encode')
    .description(
      'Write a Yinbao merchant QR from options, or any merchant-presented payload from a JSON model',
    )
    .option('--json <file>', 'a model as `yinbao qr decode` prints under "model" (- for standard input)')
    .option('--merchant-id <id>', 'Yinbao merchant id (template 26, cn.yinbao)')
    .option('--merchant-name <name>', 'merchant name, ≤ 25 ASCII characters (59)')
    .option('--city <city>', 'merchant city, ≤ 15 ASCII characters (60)')
    .option('--mcc <code>', 'merchant category code, 4 digits (52)')
    .option('--currency <code>', 'ISO 4217, alphabetic or numeric (53)', 'CNY')
    .option('--country <code>', 'ISO 3166 alpha-2 (58)', 'CN')
    .option('--amount <amount>', 'fixed amount, e.g. 36.50 (54); makes the code dynamic')
    .option('--reference <ref>', 'order reference (62.05); makes the code dynamic')
    .option('--dynamic', 'point of initiation 12 (dynamic) even without amount or reference')
    .option('--name-zh <name>', 'merchant name in Chinese (language template 64)')
    .option('--city-zh <city>', 'merchant city in Chinese (64.02)')
    .option('--postal-code <code>', 'postal code (61)')
    .action((opts: QrEncodeOpts) => {
      process.exitCode = qrEncode(opts);
    });
  qr.command('png')
    .description('Write a payload as a printable PNG QR code (error correction M); prints the file name')
    .argument('<payload>', 'the QR text (quote it), or - to read standard input')
    .requiredOption('--out <file>', 'the PNG file to write (directories are created)')
    .option('--width <pixels>', 'image width and height in pixels', '600')
    .action(async (payload: string, opts: { out: string; width?: string }) => {
      process.exitCode = await qrPng(payload, opts);
    });
}
