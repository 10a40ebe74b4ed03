import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { customerRoute } from '../../routes/base.tsx';

// The security centre: an overview and one screen per control, each loaded on first use.
const securityRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/security',
  component: lazyRouteComponent(() => import('./SecurityScreen.tsx'), 'SecurityScreen'),
});
const pinRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/security/pin',
  component: lazyRouteComponent(() => import('./PinScreen.tsx'), 'PinScreen'),
});
const devicesRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/security/devices',
  component: lazyRouteComponent(() => import('./DevicesScreen.tsx'), 'DevicesScreen'),
});
const trustRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/security/trust',
  component: lazyRouteComponent(() => import('./TrustScreen.tsx'), 'TrustScreen'),
});
const sessionsRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/security/sessions',
  component: lazyRouteComponent(() => import('./SessionsScreen.tsx'), 'SessionsScreen'),
});
const passkeysRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/security/passkeys',
  component: lazyRouteComponent(() => import('./PasskeysScreen.tsx'), 'PasskeysScreen'),
});
const totpRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/security/authenticator',
  component: lazyRouteComponent(() => import('./TotpScreen.tsx'), 'TotpScreen'),
});
const freezeRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/security/freeze',
  component: lazyRouteComponent(() => import('./FreezeScreen.tsx'), 'FreezeScreen'),
});

export const securityRoutes = [
  securityRoute,
  pinRoute,
  devicesRoute,
  trustRoute,
  sessionsRoute,
  passkeysRoute,
  totpRoute,
  freezeRoute,
] as const;
