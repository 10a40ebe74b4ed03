import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { customerRoute } from '../../routes/base.tsx';

/** `/pay?code=<EMVCo payload>`: the pay screen for a code (from the scanner, or a shop's NFC tag link). */
export type PaySearch = { code?: string };

const scanRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/scan',
  component: lazyRouteComponent(() => import('./ScanScreen.tsx'), 'ScanScreen'),
});
const payRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/pay',
  validateSearch: (s: Record<string, unknown>): PaySearch => ({
    code: typeof s.code === 'string' || typeof s.code === 'number' ? String(s.code).slice(0, 600) : undefined,
  }),
  component: lazyRouteComponent(() => import('./PayScreen.tsx'), 'PayScreen'),
});

export const scanRoutes = [scanRoute, payRoute] as const;
