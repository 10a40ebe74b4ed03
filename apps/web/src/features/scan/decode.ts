/**
 * Reading a QR code from pixels (a camera frame or an uploaded picture) with jsQR, loaded on first
 * use so it stays out of the app's first download.
 */
type JsQr = typeof import('jsqr').default;
let jsQr: Promise<JsQr> | null = null;
const loadJsQr = () => {
  jsQr ??= import('jsqr').then((m) => m.default);
  return jsQr;
};

/** The text of the QR code in the pixels, or null when there is none. */
export async function decodePixels(image: ImageData): Promise<string | null> {
  const read = await loadJsQr();
  const code = read(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' });
  return code?.data ? code.data : null;
}

/** Longest side a picture is scaled down to before reading (phone photos are huge; QR codes are not). */
const MAX_SIDE = 1024;

/** Draws `source` (a video frame or a picture) into a canvas and returns its pixels. */
export function pixelsOf(
  source: CanvasImageSource,
  width: number,
  height: number,
  canvas: HTMLCanvasElement = document.createElement('canvas'),
): ImageData | null {
  const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  ctx.drawImage(source, 0, 0, w, h);
  return ctx.getImageData(0, 0, w, h);
}

/** The QR code in an uploaded picture: its text, 'none' (no code found) or 'unreadable' (not a picture). */
export async function decodeFile(file: Blob): Promise<string | 'none' | 'unreadable'> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return 'unreadable';
  }
  try {
    const pixels = pixelsOf(bitmap, bitmap.width, bitmap.height);
    if (!pixels) return 'unreadable';
    return (await decodePixels(pixels)) ?? 'none';
  } finally {
    bitmap.close();
  }
}

/** Starts loading the decoder early (when the scan screen opens), so the first frame is read at once. */
export const preloadDecoder = () => void loadJsQr();
