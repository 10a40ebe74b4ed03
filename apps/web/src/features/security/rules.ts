/**
 * The payment PIN rules the server applies (apps/server/src/modules/security/pin.ts), checked here
 * first so a trivial PIN is refused next to the field before anything is sent. The birthday rule
 * needs the ID on file: only the server checks it.
 */
export function pinProblem(pin: string, phone?: string): 'format' | 'simple' | null {
  if (!/^\d{6}$/.test(pin)) return 'format';
  const d = [...pin].map(Number);
  const steps = d.slice(1).map((x, i) => (x - (d[i] ?? 0) + 10) % 10);
  if (steps.every((s) => s === steps[0]) && (steps[0] === 0 || steps[0] === 1 || steps[0] === 9))
    return 'simple';
  if (pin === pin.slice(0, 2).repeat(3) || pin === pin.slice(0, 3).repeat(2)) return 'simple';
  if (phone?.replace(/\D/g, '').endsWith(pin)) return 'simple';
  return null;
}

/** The secret of an otpauth:// URI, in groups of four for typing into an authenticator app. */
export function totpSecretOf(uri: string): string {
  const m = /[?&]secret=([A-Z2-7]+)/i.exec(uri);
  return m?.[1] ? m[1].toUpperCase().replace(/(.{4})(?=.)/g, '$1 ') : '';
}

/** A date and time from the API in the reader's language. */
export const when = (iso: string | null | undefined, lang: string) =>
  iso ? new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '';

/** "Chrome · Android" from a user agent (the raw string is shown small beneath it). */
export function deviceSummary(ua: string): string {
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrome\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : null;
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  return [browser, os].filter(Boolean).join(' · ') || ua.slice(0, 40);
}
