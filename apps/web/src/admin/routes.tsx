import { createRoute, lazyRouteComponent, Outlet, redirect } from '@tanstack/react-router';
import { rootRoute } from '../routes/base.tsx';
import { currentStaff } from './session.ts';

// The back-office console: its own route tree under /admin, desktop-first, staff sessions only.
const adminRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin',
  component: Outlet,
});
const signInRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/sign-in',
  component: lazyRouteComponent(() => import('./SignIn.tsx'), 'AdminSignIn'),
});
/** Pathless layout: every console screen but sign-in needs a staff session. */
const staffRoute = createRoute({
  getParentRoute: () => adminRoute,
  id: 'staff',
  beforeLoad: () => {
    if (!currentStaff()) throw redirect({ to: '/admin/sign-in' });
  },
  component: lazyRouteComponent(() => import('./Layout.tsx'), 'AdminLayout'),
});
const indexRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/admin/customers' });
  },
});
const customersRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/customers',
  component: lazyRouteComponent(() => import('./Customers.tsx'), 'CustomerSearch'),
});
const customerRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/customers/$customerId',
  component: lazyRouteComponent(() => import('./Customer.tsx'), 'CustomerView'),
});
const requestsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/requests',
  component: lazyRouteComponent(() => import('./Requests.tsx'), 'RequestsScreen'),
});
const kycRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/kyc',
  component: lazyRouteComponent(() => import('./Kyc.tsx'), 'KycQueue'),
});
const kycReviewRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/kyc/$reviewId',
  component: lazyRouteComponent(() => import('./Kyc.tsx'), 'KycReview'),
});
const auditRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/audit',
  component: lazyRouteComponent(() => import('./Audit.tsx'), 'AuditLog'),
});

export const adminRoutes = adminRoute.addChildren([
  signInRoute,
  staffRoute.addChildren([
    indexRoute,
    customersRoute,
    customerRoute,
    requestsRoute,
    kycRoute,
    kycReviewRoute,
    auditRoute,
  ]),
]);
