import { createRouter, Navigate } from '@tanstack/react-router';
import { adminRoutes } from './admin/routes.tsx';
import { cardsRoutes } from './features/cards/routes.tsx';
import { checkoutRoutes } from './features/checkout/routes.tsx';
import { historyRoutes } from './features/history/routes.tsx';
import { kycRoutes } from './features/kyc/routes.tsx';
import { notificationsRoutes } from './features/notifications/routes.tsx';
import { payCodeRoutes } from './features/paycode/routes.tsx';
import { scanRoutes } from './features/scan/routes.tsx';
import { securityRoutes } from './features/security/routes.tsx';
import { transferRoutes } from './features/transfer/routes.tsx';
import { merchantRoutes } from './merchant/routes.tsx';
import { customerRoute, rootRoute } from './routes/base.tsx';
import { homeRoute, publicRoutes } from './routes/public.tsx';

// Code-based routes. The server answers every non-API page request with index.html, so deep links
// work. Each feature's screens are loaded on first use (route-level code splitting).
export const router = createRouter({
  routeTree: rootRoute.addChildren([
    ...publicRoutes,
    customerRoute.addChildren([
      homeRoute,
      ...transferRoutes,
      ...cardsRoutes,
      ...historyRoutes,
      ...notificationsRoutes,
      ...securityRoutes,
      ...kycRoutes,
      ...scanRoutes,
      merchantRoutes,
      ...checkoutRoutes,
      ...payCodeRoutes,
    ]),
    adminRoutes,
  ]),
  defaultNotFoundComponent: () => <Navigate to="/" replace />,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
