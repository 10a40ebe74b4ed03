import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { customerRoute } from '../../routes/base.tsx';

/** `/paycode`: 付款码 (its QR, barcode and the confirmations a till asks for load on first use). */
const payCodeRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/paycode',
  component: lazyRouteComponent(() => import('./PayCodeScreen.tsx'), 'PayCodeScreen'),
});

/** `/security/tap-to-pay`: this device's tap-to-pay key (listed in the security centre). */
const tapToPayRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/security/tap-to-pay',
  component: lazyRouteComponent(() => import('./TapToPayScreen.tsx'), 'TapToPayScreen'),
});

export const payCodeRoutes = [payCodeRoute, tapToPayRoute] as const;
