import {
  createRootRoute,
  createRoute,
  createRouter,
  Navigate,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { HomeScreen } from './screens/Home.tsx';
import { SettingsScreen } from './screens/Settings.tsx';
import { SignInScreen } from './screens/SignIn.tsx';
import { SignUpScreen } from './screens/SignUp.tsx';
import { WelcomeScreen } from './screens/Welcome.tsx';
import { currentSession, isOnboarded } from './session.ts';

// Code-based routes. The server answers every non-API page request with index.html, so deep links work.
const rootRoute = createRootRoute({ component: Outlet });

const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  beforeLoad: () => {
    if (!isOnboarded()) throw redirect({ to: '/welcome' });
    throw redirect({ to: currentSession() ? '/home' : '/sign-in' });
  },
});
const welcomeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/welcome',
  component: WelcomeScreen,
});
const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  beforeLoad: () => {
    if (currentSession()) throw redirect({ to: '/home' });
  },
  component: SignInScreen,
});
const signUpRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-up',
  beforeLoad: () => {
    if (currentSession()) throw redirect({ to: '/home' });
  },
  component: SignUpScreen,
});
const settingsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/settings',
  component: SettingsScreen,
});
const homeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/home',
  beforeLoad: () => {
    if (!currentSession()) throw redirect({ to: isOnboarded() ? '/sign-in' : '/welcome' });
  },
  component: HomeScreen,
});

export const router = createRouter({
  routeTree: rootRoute.addChildren([
    indexRoute,
    welcomeRoute,
    signInRoute,
    signUpRoute,
    settingsRoute,
    homeRoute,
  ]),
  defaultNotFoundComponent: () => <Navigate to="/" replace />,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
