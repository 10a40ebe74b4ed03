/**
 * The signed-in session. The token lives in sessionStorage: closing the tab signs the browser out of
 * this copy of the app (the server still expires and can revoke it).
 */
import type { Session } from './api.ts';

const KEY = 'yb.session';
const ONBOARDED = 'yb.onboarded';

export function currentSession(): Session | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as Session;
    return new Date(s.expiresAt).getTime() > Date.now() ? s : null;
  } catch {
    return null;
  }
}

export function saveSession(s: Session) {
  sessionStorage.setItem(KEY, JSON.stringify(s));
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}

/** First launch shows the welcome screen (language, elder mode) once. */
export const isOnboarded = () => localStorage.getItem(ONBOARDED) === '1';
export const markOnboarded = () => localStorage.setItem(ONBOARDED, '1');

const RETURN_TO = 'yb.returnTo';
/**
 * Deep links that come back after sign-in (an NFC tag's pay link, a shop's hosted checkout link);
 * any other page starts at home.
 */
const RETURNABLE = /^\/(pay(\?|$)|checkout\/[0-9A-Za-z-]{1,64}$)/;

/** A signed-out visitor opened `href` (path + query): remember it for after sign-in (this tab only). */
export function rememberReturnTo(href: string) {
  if (RETURNABLE.test(href)) sessionStorage.setItem(RETURN_TO, href);
}

/** Where sign-in goes next: the remembered deep link (once), else home. Only our own paths. */
export function takeReturnTo(): string {
  const href = sessionStorage.getItem(RETURN_TO);
  sessionStorage.removeItem(RETURN_TO);
  return href && RETURNABLE.test(href) ? href : '/home';
}
