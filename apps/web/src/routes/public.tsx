import { createRoute, redirect } from '@tanstack/react-router';
import { HomeScreen } from '../screens/Home.tsx';
import { SettingsScreen } from '../screens/Settings.tsx';
import { SignInScreen } from '../screens/SignIn.tsx';
import { SignUpScreen } from '../screens/SignUp.tsx';
import { WelcomeScreen } from '../screens/Welcome.tsx';
import { currentSession, isOnboarded } from '../session.ts';
import { customerRoute, rootRoute } from './base.tsx';

// The first screens (in the main bundle: they are what a first visit shows).
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
export const homeRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/home',
  component: HomeScreen,
});

export const publicRoutes = [indexRoute, welcomeRoute, signInRoute, signUpRoute, settingsRoute] as const;
