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
