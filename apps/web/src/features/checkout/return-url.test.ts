import { describe, expect, it } from 'vitest';
import { returnLink } from './return-url.ts';

describe("returnLink (the hosted checkout's way back to the shop)", () => {
  const id = '7b0e6a52-1c1e-4d6f-9a55-2f7d1f0b3c11';
  it('appends the order id and status when the shop URL has no query', () => {
    expect(returnLink('https://shop.example.com/orders/A-1', id, 'paid')).toBe(
      `https://shop.example.com/orders/A-1?orderId=${id}&status=paid`,
    );
    expect(returnLink('http://127.0.0.1:4040/done#top', id, 'open')).toBe(
      `http://127.0.0.1:4040/done?orderId=${id}&status=open#top`,
    );
  });
  it('keeps a URL with its own query exactly as the shop wrote it', () => {
    expect(returnLink('https://shop.example.com/r?o=A-1', id, 'paid')).toBe(
      'https://shop.example.com/r?o=A-1',
    );
    expect(returnLink('https://shop.example.com/r?', id, 'paid')).toBe('https://shop.example.com/r?');
  });
  it('follows only http(s) URLs, and none when the order has none', () => {
    expect(returnLink(null, id, 'paid')).toBeNull();
    expect(returnLink('javascript:alert(1)', id, 'paid')).toBeNull();
    expect(returnLink('not a url', id, 'paid')).toBeNull();
  });
});
