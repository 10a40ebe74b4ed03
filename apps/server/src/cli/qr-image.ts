import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import QRCode from 'qrcode';

/** Error correction M (15%): a printed code survives a crease or a smudge; 4 modules of quiet zone. */
const OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

/** Writes `payload` as a printable PNG QR symbol (black on white, `width` pixels square). */
export async function writeQrPng(payload: string, file: string, width = 600): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  await QRCode.toFile(file, payload, { ...OPTIONS, type: 'png', width });
}

const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/**
 * The QR symbol as an SVG with the merchant's name (and an optional second line) under it: the
 * sign for the counter. Text in SVG renders with the viewer's fonts, so Chinese names need no font
 * embedded here.
 */
export function qrSvgWithCaption(payload: string, caption: string, subcaption?: string): string {
  const qr = QRCode.create(payload, { errorCorrectionLevel: OPTIONS.errorCorrectionLevel });
  const n = qr.modules.size;
  const q = OPTIONS.margin;
  const side = n + 2 * q;
  const textHeight = subcaption ? 9 : 6;
  let path = '';
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) if (qr.modules.get(y, x)) path += `M${x + q} ${y + q}h1v1h-1z`;
  const scale = 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side + textHeight}" ` +
      `width="${side * scale}" height="${(side + textHeight) * scale}" shape-rendering="crispEdges">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<path fill="#000" d="${path}"/>`,
    `<text x="${side / 2}" y="${side + 2}" font-size="3.2" text-anchor="middle" ` +
      `font-family="'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif">${escapeXml(caption)}</text>`,
    ...(subcaption
      ? [
          `<text x="${side / 2}" y="${side + 5.5}" font-size="1.8" text-anchor="middle" fill="#555" ` +
            `font-family="sans-serif">${escapeXml(subcaption)}</text>`,
        ]
      : []),
    '</svg>',
    '',
  ].join('\n');
}

/** Writes the captioned SVG (see `qrSvgWithCaption`). */
export function writeQrSvg(payload: string, file: string, caption: string, subcaption?: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, qrSvgWithCaption(payload, caption, subcaption));
}
