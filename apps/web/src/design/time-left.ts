import { useEffect, useState } from 'react';

/** "9:58" until `iso` (ticking once a second), or null when past or none. */
export function useTimeLeft(iso: string | null): string | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!iso) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [iso]);
  if (!iso) return null;
  const s = Math.ceil((new Date(iso).getTime() - Math.max(now, Date.now())) / 1000);
  if (s <= 0) return null;
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(h ? 2 : 1, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
