import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { customerRoute } from '../../routes/base.tsx';

const kycRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/kyc',
  component: lazyRouteComponent(() => import('./KycScreen.tsx'), 'KycScreen'),
});

export const kycRoutes = [kycRoute] as const;
