import './design/base.css';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api.ts';
import { applyElderMode } from './design/elder.ts';
import { i18nReady } from './i18n.ts';
import { router } from './router.tsx';
import { clearSession } from './session.ts';

applyElderMode();

/** A session the server no longer accepts (expired, revoked, idle too long to pay): sign in again. */
function onApiError(error: unknown) {
  if (error instanceof ApiError && (error.code === 'UNAUTHENTICATED' || error.code === 'REAUTH_REQUIRED')) {
    if (router.state.location.pathname.startsWith('/admin')) return; // staff sessions are the console's
    clearSession();
    queryClient.clear();
    void router.navigate({ to: '/sign-in' });
  }
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: {
      // A refused request (4xx) will not succeed by repeating it; a network blip might.
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      staleTime: 15_000,
    },
  },
});

// The offline app shell (pwa/sw.js); only the production build has a service worker.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  void navigator.serviceWorker.register('/sw.js').catch(() => undefined);
}

await i18nReady;
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
