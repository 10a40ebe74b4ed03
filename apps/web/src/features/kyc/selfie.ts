/** The API takes at most 32 KiB of image (decoded). */
export const MAX_SELFIE_BYTES = 32 * 1024;

const base64Of = (buf: ArrayBuffer) => {
  const bytes = new Uint8Array(buf);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
};

/**
 * The selfie as base64 for `POST /v1/me/kyc/face-check`. A camera photo is usually far above the
 * API's 32 KiB: it is scaled down in a canvas (JPEG) until it fits; a small file is sent as it is.
 */
export async function readSelfie(file: File): Promise<string | 'too_large' | 'unreadable'> {
  if (file.size <= MAX_SELFIE_BYTES) return base64Of(await file.arrayBuffer());
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return 'unreadable';
  }
  for (const [side, quality] of [
    [480, 0.8],
    [400, 0.7],
    [320, 0.6],
    [240, 0.5],
  ] as const) {
    const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', quality));
    if (blob && blob.size <= MAX_SELFIE_BYTES) return base64Of(await blob.arrayBuffer());
  }
  return 'too_large';
}
