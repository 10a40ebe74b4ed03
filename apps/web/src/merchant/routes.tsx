import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { customerRoute } from '../routes/base.tsx';

// The merchant portal: its own route tree under /merchant for customers who own or work at a
// merchant (any signed-in customer may apply). Every screen is loaded on first use.
const portalRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/merchant',
  component: lazyRouteComponent(() => import('./Layout.tsx'), 'PortalLayout'),
});
const indexRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: '/',
  component: lazyRouteComponent(() => import('./PortalIndex.tsx'), 'PortalIndex'),
});
const applyRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: '/apply',
  component: lazyRouteComponent(() => import('./ApplyScreen.tsx'), 'ApplyScreen'),
});
const homeRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: '/$merchantId',
  component: lazyRouteComponent(() => import('./MerchantHome.tsx'), 'MerchantHome'),
});
const qrCodesRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: '/$merchantId/qr-codes',
  component: lazyRouteComponent(() => import('./QrCodesScreen.tsx'), 'QrCodesScreen'),
});
const printRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: '/$merchantId/qr-codes/$qrCodeId',
  component: lazyRouteComponent(() => import('./PrintQrScreen.tsx'), 'PrintQrScreen'),
});
const tillRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: '/$merchantId/till',
  component: lazyRouteComponent(() => import('./till/TillScreen.tsx'), 'TillScreen'),
});
const apiKeysRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: '/$merchantId/api-keys',
  component: lazyRouteComponent(() => import('./ApiKeysScreen.tsx'), 'ApiKeysScreen'),
});
const webhooksRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: '/$merchantId/webhooks',
  component: lazyRouteComponent(() => import('./WebhooksScreen.tsx'), 'WebhooksScreen'),
});
const webhookRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: '/$merchantId/webhooks/$webhookId',
  component: lazyRouteComponent(() => import('./WebhookScreen.tsx'), 'WebhookScreen'),
});
const teamRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: '/$merchantId/team',
  component: lazyRouteComponent(() => import('./TeamScreen.tsx'), 'TeamScreen'),
});

const paymentsRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: '/$merchantId/payments',
  component: lazyRouteComponent(() => import('./PaymentsScreen.tsx'), 'PaymentsScreen'),
});
const ordersRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: '/$merchantId/orders',
  component: lazyRouteComponent(() => import('./OrdersScreen.tsx'), 'OrdersScreen'),
});
const orderRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: '/$merchantId/orders/$orderId',
  component: lazyRouteComponent(() => import('./OrderScreen.tsx'), 'OrderScreen'),
});
const settlementsRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: '/$merchantId/settlements',
  component: lazyRouteComponent(() => import('./SettlementsScreen.tsx'), 'SettlementsScreen'),
});

export const merchantRoutes = portalRoute.addChildren([
  indexRoute,
  applyRoute,
  homeRoute,
  qrCodesRoute,
  printRoute,
  tillRoute,
  apiKeysRoute,
  webhooksRoute,
  webhookRoute,
  teamRoute,
  paymentsRoute,
  ordersRoute,
  orderRoute,
  settlementsRoute,
]);
