import QRCode from 'qrcode';

/** What goes on a printable payment-code card. */
export type CardContent = {
  payload: string;
  name: string;
  /** The Latin-script line under the name (the payload's own name, else the category in English). */
  nameEn: string;
  category: string;
  amount: string | null;
  reference: string | null;
  scan: string;
};

const W = 800;
const H = 1120;
const QR = 560;
const FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Noto Sans", sans-serif';
const BRAND = '#0b4f8a';

/**
 * The top-level fields of an EMVCo payload (`ID LEN VALUE`…), e.g. `59` = the merchant name in
 * Latin letters. Enough for reading the name back; the server builds and checks the payload.
 */
export function emvFields(payload: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i + 4 <= payload.length) {
    const id = payload.slice(i, i + 2);
    const len = Number(payload.slice(i + 2, i + 4));
    if (!Number.isInteger(len)) break;
    out.set(id, payload.slice(i + 4, i + 4 + len));
    i += 4 + len;
  }
  return out;
}

/** The merchant's Latin-script name from the payload, unless it is the generic stand-in. */
export function latinName(payload: string): string | null {
  const n = emvFields(payload).get('59');
  return n && n !== 'YINBAO MERCHANT' ? n : null;
}

/** Draws the card (brand band, names, the QR symbol, amount) on a new canvas. */
export async function drawCard(c: CardContent): Promise<HTMLCanvasElement> {
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d canvas');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = BRAND;
  ctx.fillRect(0, 0, W, 120);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = '#ffffff';
  ctx.font = `700 44px ${FONT}`;
  ctx.fillText('银包 Yinbao', W / 2, 60);

  ctx.fillStyle = '#15202e';
  ctx.font = `700 52px ${FONT}`;
  ctx.fillText(fit(ctx, c.name, W - 80), W / 2, 185);
  ctx.font = `500 30px ${FONT}`;
  ctx.fillText(fit(ctx, c.nameEn, W - 80), W / 2, 240);
  ctx.fillStyle = '#46546a';
  ctx.font = `400 24px ${FONT}`;
  ctx.fillText(fit(ctx, c.category, W - 80), W / 2, 282);

  const symbol = document.createElement('canvas');
  await QRCode.toCanvas(symbol, c.payload, { width: QR, margin: 4, errorCorrectionLevel: 'M' });
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(symbol, (W - QR) / 2, 310, QR, QR);

  let y = 910;
  ctx.fillStyle = '#15202e';
  if (c.amount) {
    ctx.font = `700 60px ${FONT}`;
    ctx.fillText(c.amount, W / 2, y);
    y += 58;
  }
  if (c.reference) {
    ctx.fillStyle = '#46546a';
    ctx.font = `400 26px ${FONT}`;
    ctx.fillText(fit(ctx, c.reference, W - 80), W / 2, y);
  }
  ctx.fillStyle = BRAND;
  ctx.fillRect(0, H - 90, W, 90);
  ctx.fillStyle = '#ffffff';
  ctx.font = `600 28px ${FONT}`;
  ctx.fillText(c.scan, W / 2, H - 45);
  return canvas;
}

/** Shortens a line with an ellipsis until it fits the width. */
function fit(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let t = text;
  while (t.length > 1 && ctx.measureText(`${t}…`).width > width) t = t.slice(0, -1);
  return `${t}…`;
}

export const canvasPng = (canvas: HTMLCanvasElement): Promise<Blob> =>
  new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );

/** A one-page A6 PDF with the card image (pdf-lib is loaded only when asked for). */
export async function cardPdf(png: Blob): Promise<Blob> {
  const { PDFDocument } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  doc.setTitle('Yinbao payment code');
  const image = await doc.embedPng(new Uint8Array(await png.arrayBuffer()));
  const [pw, ph] = [297.64, 419.53]; // A6 in points
  const scale = Math.min((pw - 24) / image.width, (ph - 24) / image.height);
  const w = image.width * scale;
  const h = image.height * scale;
  doc.addPage([pw, ph]).drawImage(image, { x: (pw - w) / 2, y: (ph - h) / 2, width: w, height: h });
  const bytes = await doc.save();
  return new Blob([bytes as BlobPart], { type: 'application/pdf' });
}

/** Saves a blob under a file name (the browser's download). */
export function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
