import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { customerRoute } from '../../routes/base.tsx';

/**
 * `/checkout/$orderId`: the hosted pay page, the `checkoutUrl` a shop sends its customer to. Opened
 * signed out, sign-in comes back here (`session.ts`). Its screen loads only on this route.
 */
const checkoutRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/checkout/$orderId',
  component: lazyRouteComponent(() => import('./CheckoutScreen.tsx'), 'CheckoutScreen'),
});

export const checkoutRoutes = [checkoutRoute] as const;
