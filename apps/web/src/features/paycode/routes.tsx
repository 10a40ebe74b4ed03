import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { customerRoute } from '../../routes/base.tsx';

/** `/paycode`: 付款码 (its QR, barcode and the confirmations a till asks for load on first use). */
const payCodeRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/paycode',
  component: lazyRouteComponent(() => import('./PayCodeScreen.tsx'), 'PayCodeScreen'),
});

export const payCodeRoutes = [payCodeRoute] as const;
