import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { customerRoute } from '../../routes/base.tsx';

const historyRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/history',
  component: lazyRouteComponent(() => import('./HistoryScreen.tsx'), 'HistoryScreen'),
});
const transactionRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/history/$transactionId',
  component: lazyRouteComponent(() => import('./TransactionScreen.tsx'), 'TransactionScreen'),
});

export const historyRoutes = [historyRoute, transactionRoute] as const;
