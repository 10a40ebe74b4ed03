import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { customerRoute } from '../../routes/base.tsx';

const cardsRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/cards',
  component: lazyRouteComponent(() => import('./CardsScreen.tsx'), 'CardsScreen'),
});
const bindCardRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/cards/new',
  component: lazyRouteComponent(() => import('./BindCardScreen.tsx'), 'BindCardScreen'),
});
const topUpRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/topup',
  component: lazyRouteComponent(() => import('./TopUpScreen.tsx'), 'TopUpScreen'),
});

export const cardsRoutes = [cardsRoute, bindCardRoute, topUpRoute] as const;
