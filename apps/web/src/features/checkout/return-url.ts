/**
 * Where "return to the shop" goes: the order's `returnUrl`, with `?orderId=<id>&status=<status>`
 * appended only when the shop's URL has no query of its own (a shop that wrote its own query keeps it
 * exactly as written — it already knows which order it is). `status` says what the customer saw
 * (`paid` after paying, `open` when leaving without paying, else the order's status); it is a hint for
 * the shop's page, never proof: the shop confirms by the `order.paid` webhook or by reading the order.
 * Only http(s) URLs are followed (the server accepts nothing else; this guards the browser anyway).
 */
export function returnLink(returnUrl: string | null, orderId: string, status: string): string | null {
  if (!returnUrl) return null;
  let url: URL;
  try {
    url = new URL(returnUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.search !== '' || returnUrl.includes('?')) return returnUrl;
  url.search = new URLSearchParams({ orderId, status }).toString();
  return url.toString();
}
