import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { customerRoute } from '../../routes/base.tsx';

/** `/transfer?to=<phone or wallet id>&amount=<decimal>`: a receive-QR link opens the form filled in. */
export type TransferSearch = { to?: string; amount?: string };

const transferRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/transfer',
  validateSearch: (s: Record<string, unknown>): TransferSearch => ({
    to: typeof s.to === 'string' || typeof s.to === 'number' ? String(s.to).slice(0, 64) : undefined,
    amount:
      typeof s.amount === 'string' || typeof s.amount === 'number'
        ? String(s.amount).slice(0, 16)
        : undefined,
  }),
  component: lazyRouteComponent(() => import('./TransferScreen.tsx'), 'TransferScreen'),
});
const receiveRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/receive',
  component: lazyRouteComponent(() => import('./ReceiveScreen.tsx'), 'ReceiveScreen'),
});
const withdrawRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/withdraw',
  component: lazyRouteComponent(() => import('./WithdrawScreen.tsx'), 'WithdrawScreen'),
});

export const transferRoutes = [transferRoute, receiveRoute, withdrawRoute] as const;
