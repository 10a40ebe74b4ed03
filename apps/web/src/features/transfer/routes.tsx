import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { customerRoute } from '../../routes/base.tsx';

const transferRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/transfer',
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
