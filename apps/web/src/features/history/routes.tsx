import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { customerRoute } from '../../routes/base.tsx';

/** The history's filters live in the URL, so back/forward and a reload keep them. */
export type HistorySearch = {
  q?: string;
  direction?: 'in' | 'out';
  kind?: 'p2p' | 'topup' | 'withdrawal' | 'adjustment';
  /** YYYY-MM-DD (local days, both inclusive). */
  from?: string;
  to?: string;
  /** Yuan, as typed ("10" or "10.50"). */
  min?: string;
  max?: string;
  /** YYYY-MM: the month the chart shows. */
  month?: string;
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const str = (v: unknown, max = 50) => (typeof v === 'string' && v.length > 0 ? v.slice(0, max) : undefined);

export function validateHistorySearch(s: Record<string, unknown>): HistorySearch {
  const out: HistorySearch = {};
  const q = str(s.q);
  if (q) out.q = q;
  if (s.direction === 'in' || s.direction === 'out') out.direction = s.direction;
  if (s.kind === 'p2p' || s.kind === 'topup' || s.kind === 'withdrawal' || s.kind === 'adjustment')
    out.kind = s.kind;
  const from = str(s.from);
  if (from && DAY.test(from)) out.from = from;
  const to = str(s.to);
  if (to && DAY.test(to)) out.to = to;
  const min = str(typeof s.min === 'number' ? String(s.min) : s.min, 16);
  if (min) out.min = min;
  const max = str(typeof s.max === 'number' ? String(s.max) : s.max, 16);
  if (max) out.max = max;
  const month = str(s.month);
  if (month && /^\d{4}-(0[1-9]|1[0-2])$/.test(month)) out.month = month;
  return out;
}

export const historyRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/history',
  validateSearch: validateHistorySearch,
  component: lazyRouteComponent(() => import('./HistoryScreen.tsx'), 'HistoryScreen'),
});
export const transactionRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/history/$transactionId',
  component: lazyRouteComponent(() => import('./TransactionScreen.tsx'), 'TransactionScreen'),
});

export const historyRoutes = [historyRoute, transactionRoute] as const;
