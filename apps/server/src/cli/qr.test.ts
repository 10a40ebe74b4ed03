import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeQrPng } from '../../../../test/helpers/qr-png.ts';
import { qrDecode, qrEncode, qrPng } from './qr.ts';

const PIX =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';
const PROMPTPAY = '00020101021229370016A000000677010111011300660000000005802TH530376454044.226304E469';

/** Runs the real `yinbao` command, as test/cli.test.ts does. */
function yinbao(...args: string[]) {
  const r = spawnSync(process.execPath, ['apps/server/bin/yinbao.js', 'qr', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s), stdin: () => '' },
  };
}

describe('yinbao qr (spawned)', () => {
  it('decode prints the fields and the TLV tree as JSON and exits 0', () => {
    const r = yinbao('decode', PIX);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.model).toMatchObject({ merchantName: 'Fulano de Tal', currency: '986', countryCode: 'BR' });
    expect(json.currencyCode).toBe('BRL');
    expect(json.tree[1]).toMatchObject({ id: '26', length: 58, offset: 6 });
  });

  it('decode of a corrupted payload exits 2 with the error code and message on stderr', () => {
    const r = yinbao('decode', PIX.replace('Fulano', 'Fulana'));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^crc_mismatch: CRC mismatch: expected [0-9A-F]{4}, found 1D3D at offset \d+/);
  });

  it('encode → decode round trip (a dynamic Yinbao code with a Chinese name)', () => {
    const enc = yinbao(
      'encode',
      '--merchant-id',
      'M8000123',
      '--merchant-name',
      'LAO WANG NOODLES',
      '--city',
      'SHANGHAI',
      '--mcc',
      '5812',
      '--amount',
      '36.50',
      '--reference',
      'ORD-1',
      '--name-zh',
      '老王面馆',
    );
    expect(enc.code).toBe(0);
    const dec = yinbao('decode', enc.stdout.trim());
    expect(dec.code).toBe(0);
    expect(JSON.parse(dec.stdout).model).toMatchObject({
      pointOfInitiation: 'dynamic',
      amount: '36.50',
      merchantAccounts: [
        { id: '26', globallyUniqueId: 'cn.yinbao', fields: [{ id: '01', value: 'M8000123' }] },
      ],
      additionalData: { referenceLabel: 'ORD-1' },
      language: { preference: 'ZH', name: '老王面馆' },
    });
  });
});

describe('yinbao qr png (spawned)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yinbao-qr-png-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a PNG that a scanner reads back as the payload (a Chinese name included)', () => {
    const enc = capture();
    qrEncode(
      {
        merchantId: 'M8000123',
        merchantName: 'LAO WANG NOODLES',
        city: 'SHANGHAI',
        mcc: '5812',
        nameZh: '老王面馆',
        currency: 'CNY',
        country: 'CN',
      },
      enc.io,
    );
    const payload = enc.out[0]!;
    const out = join(dir, 'sub', 'code.png');
    const r = yinbao('png', payload, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(out);
    expect(decodeQrPng(out)).toBe(payload);
  });
});

describe('yinbao qr (in process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yinbao-qr-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--lenient reads a PromptPay person-to-person code; strict names the missing field', () => {
    const strict = capture();
    expect(qrDecode(PROMPTPAY, {}, strict.io)).toBe(2);
    expect(strict.err[0]).toMatch(/^missing_tag: mandatory data object 52/);
    const lenient = capture();
    expect(qrDecode(PROMPTPAY, { lenient: true }, lenient.io)).toBe(0);
    expect(JSON.parse(lenient.out[0]!)).toMatchObject({
      missing: ['52', '59', '60'],
      model: { amount: '4.22' },
    });
  });

  it('encode --json writes a decoded model back (canonical order), and refuses a bad one', () => {
    const dec = capture();
    qrDecode(PIX, {}, dec.io);
    const file = join(dir, 'model.json');
    writeFileSync(file, JSON.stringify(JSON.parse(dec.out[0]!).model));
    const enc = capture();
    expect(qrEncode({ json: file, currency: 'CNY', country: 'CN' }, enc.io)).toBe(0);
    expect(enc.out).toEqual([PIX]);
    writeFileSync(file, JSON.stringify({ ...JSON.parse(dec.out[0]!).model, countryCode: 'XX' }));
    const bad = capture();
    expect(qrEncode({ json: file, currency: 'CNY', country: 'CN' }, bad.io)).toBe(2);
    expect(bad.err[0]).toMatch(/^invalid_country: country code "XX"/);
  });

  it('encode without the Yinbao options names them', () => {
    const c = capture();
    expect(qrEncode({ currency: 'CNY', country: 'CN', mcc: '5812' }, c.io)).toBe(2);
    expect(c.err[0]).toBe('missing_option: give --merchant-id, --merchant-name, --city (or --json <file|->)');
  });

  it('png refuses a corrupted payload (exit 2, nothing written)', async () => {
    const out = join(dir, 'bad.png');
    const c = capture();
    expect(await qrPng(PIX.replace('Fulano', 'Fulana'), { out }, c.io)).toBe(2);
    expect(c.err[0]).toMatch(/^crc_mismatch:/);
    expect(existsSync(out)).toBe(false);
  });

  it('png reads the payload from standard input and checks the width', async () => {
    const out = join(dir, 'stdin.png');
    const c = capture();
    const io = { ...c.io, stdin: () => `${PROMPTPAY}\n` };
    expect(await qrPng('-', { out, width: '300' }, io)).toBe(0);
    expect(decodeQrPng(out)).toBe(PROMPTPAY);
    const bad = capture();
    expect(await qrPng(PIX, { out, width: '12' }, bad.io)).toBe(2);
    expect(bad.err[0]).toMatch(/^bad_width:/);
  });

  it('decodes a consumer-presented payload too', () => {
    const c = capture();
    const cpm =
      'hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==';
    expect(qrDecode(cpm, {}, c.io)).toBe(0);
    expect(JSON.parse(c.out[0]!)).toMatchObject({
      mode: 'consumer-presented',
      commonData: { pan: '1234567890123458' },
    });
  });
});
