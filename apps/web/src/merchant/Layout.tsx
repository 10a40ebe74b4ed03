import { Link, Outlet, useNavigate, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { TopBar } from '../screens/Layout.tsx';
import type { MerchantRole } from './api.ts';
import './portal.css';
import { useMyMerchants } from './ui.tsx';

/**
 * The portal's sections, in the order a shop uses them. `roles` says who sees the entry (the server
 * refuses the rest anyway). The sales chart and today's takings are on the overview.
 */
const NAV: { key: string; to: string; roles: readonly MerchantRole[]; exact?: boolean }[] = [
  { key: 'home', to: '/merchant/$merchantId', roles: ['owner', 'cashier'], exact: true },
  { key: 'qrCodes', to: '/merchant/$merchantId/qr-codes', roles: ['owner', 'cashier'] },
  { key: 'till', to: '/merchant/$merchantId/till', roles: ['owner', 'cashier'] },
  { key: 'payments', to: '/merchant/$merchantId/payments', roles: ['owner', 'cashier'] },
  { key: 'orders', to: '/merchant/$merchantId/orders', roles: ['owner', 'cashier'] },
  { key: 'settlements', to: '/merchant/$merchantId/settlements', roles: ['owner'] },
  { key: 'apiKeys', to: '/merchant/$merchantId/api-keys', roles: ['owner'] },
  { key: 'webhooks', to: '/merchant/$merchantId/webhooks', roles: ['owner'] },
  { key: 'team', to: '/merchant/$merchantId/team', roles: ['owner'] },
];

/** The portal's frame: the brand bar, the merchant switcher, the sections the caller's role may use. */
export function PortalLayout() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { merchantId } = useParams({ strict: false }) as { merchantId?: string };
  const mine = useMyMerchants();
  const current = mine.data?.find((m) => m.id === merchantId);
  const role = current?.role ?? 'cashier';
  return (
    <div className="yb-page mp-page">
      <TopBar
        right={
          <Link to="/home" className="yb-topbar-link">
            {t('merchant.nav.backToWallet')}
          </Link>
        }
      />
      <div className="mp-shell">
        <aside className="mp-side">
          <p className="mp-side-title">{t('merchant.title')}</p>
          {mine.data && mine.data.length > 0 ? (
            <div className="yb-field mp-select mp-switcher">
              <label htmlFor="mp-switcher">{t('merchant.nav.switcher')}</label>
              <select
                id="mp-switcher"
                value={merchantId ?? ''}
                onChange={(e) =>
                  void navigate({
                    to: e.target.value ? '/merchant/$merchantId' : '/merchant/apply',
                    params: { merchantId: e.target.value },
                  })
                }
              >
                {merchantId ? null : <option value="">—</option>}
                {mine.data.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.businessName} · {t(`merchant.roles.${m.role ?? 'cashier'}`)}
                  </option>
                ))}
                <option value="">{t('merchant.nav.apply')}</option>
              </select>
            </div>
          ) : null}
          {current ? (
            <nav aria-label={t('merchant.nav.label')}>
              <ul className="mp-nav">
                {NAV.filter((n) => n.roles.includes(role)).map((n) => (
                  <li key={n.key}>
                    <Link
                      to={n.to}
                      params={{ merchantId: current.id }}
                      activeOptions={{ exact: !!n.exact }}
                      activeProps={{ 'aria-current': 'page' }}
                      data-nav={n.key}
                    >
                      {t(`merchant.nav.${n.key}`)}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </aside>
        <main className="mp-main">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
