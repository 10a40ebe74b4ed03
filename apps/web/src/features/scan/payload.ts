/**
 * What a scanned, uploaded or pasted text is. An EMVCo merchant-presented code starts with its
 * payload format indicator `000201`; a pay link (`…/pay?code=…`, what a shop writes to an NFC tag,
 * sometimes printed as a QR code too) carries one in `code`. Anything else is not a payment code.
 * Whether the code is ours, intact and payable is the server's answer (resolve), not guessed here.
 */
const EMV_START = '000201';
/** EMVCo payloads are at most 512 characters. */
const MAX = 512;

export function paymentPayload(text: string): string | null {
  const s = text.replace(/[\r\n]+/g, '').trim();
  if (s.startsWith(EMV_START)) return s.length <= MAX ? s : null;
  if (/^https?:\/\//i.test(s)) {
    try {
      const url = new URL(s);
      const code = url.pathname.replace(/\/+$/, '').endsWith('/pay') ? url.searchParams.get('code') : null;
      return code ? paymentPayload(code) : null;
    } catch {
      return null;
    }
  }
  return null;
}

/** The in-app link that opens the pay screen for a payload (what a shop writes to an NFC tag). */
export const payLink = (payload: string) => `/pay?code=${encodeURIComponent(payload)}`;
