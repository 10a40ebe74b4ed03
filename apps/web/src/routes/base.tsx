import { createRootRoute, createRoute, Outlet, redirect } from '@tanstack/react-router';
import { OfflineBanner } from '../design/offline.tsx';
import { currentSession, isOnboarded, rememberReturnTo } from '../session.ts';

/**
 * The two routes every feature hangs its screens on. Features export their routes from
 * `features/<name>/routes.tsx` (parent: `customerRoute`), the back-office from `admin/routes.tsx`
 * (parent: `rootRoute`); `router.tsx` only puts the tree together.
 */
export const rootRoute = createRootRoute({
  component: () => (
    <>
      <OfflineBanner />
      <Outlet />
    </>
  ),
});

/** Pathless layout: every screen under it needs a signed-in customer (else sign-in or welcome). */
export const customerRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'customer',
  beforeLoad: ({ location }) => {
    if (currentSession()) return;
    // A pay link (an NFC tag's) opened signed out comes back after sign-in.
    rememberReturnTo(location.href);
    throw redirect({ to: isOnboarded() ? '/sign-in' : '/welcome' });
  },
  component: Outlet,
});
