import { readFileSync } from 'node:fs';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';

/** What a phone camera would read from a printed QR code: the text of the symbol in the PNG, or null. */
export function decodeQrPng(file: string): string | null {
  const png = PNG.sync.read(readFileSync(file));
  // jsqr is CommonJS: `module.exports` is the function, and so is its `default`.
  return jsqr.default(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}
