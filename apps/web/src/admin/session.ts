/**
 * The staff session of the console: its own sessionStorage key, never mixed with the customer's
 * `yb.session` (a staff member may be a customer too, in another tab or not at all).
 */
export type StaffSession = {
  token: string;
  expiresAt: string;
  staff: { id: string; username: string; roles: string[] };
};

const KEY = 'yb.staff.session';

export function currentStaff(): StaffSession | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as StaffSession;
    return s.token && s.staff ? s : null;
  } catch {
    return null;
  }
}

export const saveStaff = (s: StaffSession) => sessionStorage.setItem(KEY, JSON.stringify(s));
export const clearStaff = () => sessionStorage.removeItem(KEY);
