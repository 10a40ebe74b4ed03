import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { customerRoute } from '../../routes/base.tsx';

const securityRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/security',
  component: lazyRouteComponent(() => import('./SecurityScreen.tsx'), 'SecurityScreen'),
});

export const securityRoutes = [securityRoute] as const;
