const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Whether a merchant may register this URL: https only, no credentials in it; plain http only to
 * the loopback interface and only when `allowHttpLocalhost` is set (development and tests).
 */
export function checkWebhookUrl(raw: string, allowHttpLocalhost: boolean): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.username || url.password || url.hash) return null;
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && allowHttpLocalhost && LOOPBACK.has(url.hostname)) return url;
  return null;
}
