/** CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR. */
const TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 8;
    for (let j = 0; j < 8; j++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    t[i] = c;
  }
  return t;
})();

export function crc16(data: Uint8Array): number {
  let crc = 0xffff;
  for (const b of data) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ b) & 0xff]!;
  return crc;
}

const utf8 = new TextEncoder();

/**
 * The CRC of an EMV QR payload text as 4 upper-case hex digits. It runs over the UTF-8 bytes, as
 * the EMVCo specification's own example (with Chinese in template 64) shows.
 */
export function crcHex(text: string): string {
  return crc16(utf8.encode(text)).toString(16).toUpperCase().padStart(4, '0');
}
