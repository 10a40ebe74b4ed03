import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { customerRoute } from '../../routes/base.tsx';

const notificationsRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/notifications',
  component: lazyRouteComponent(() => import('./NotificationsScreen.tsx'), 'NotificationsScreen'),
});

export const notificationsRoutes = [notificationsRoute] as const;
