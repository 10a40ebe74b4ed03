import { createRoute, lazyRouteComponent, Outlet } from '@tanstack/react-router';
import { rootRoute } from '../routes/base.tsx';

// The back-office console: its own route tree under /admin, desktop-first, staff sessions only.
const adminRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin',
  component: Outlet,
});
const adminIndexRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/',
  component: lazyRouteComponent(() => import('./AdminHome.tsx'), 'AdminHome'),
});

export const adminRoutes = adminRoute.addChildren([adminIndexRoute]);
