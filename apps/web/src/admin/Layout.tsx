import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n.ts';
import './admin.css';
import { adminApi } from './api.ts';
import { clearStaff, currentStaff } from './session.ts';

const NAV = [
  { to: '/admin/customers', key: 'customers' },
  { to: '/admin/requests', key: 'requests' },
  { to: '/admin/kyc', key: 'kyc' },
  { to: '/admin/audit', key: 'audit' },
] as const;

/** The console's frame: side navigation, who is signed in (name and roles), sign out. */
export function AdminLayout() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = currentStaff();
  const signOut = async () => {
    try {
      await adminApi.logout();
    } catch {
      // The session may have ended already; signing out here is what matters.
    }
    clearStaff();
    queryClient.removeQueries({ queryKey: ['admin'] });
    await navigate({ to: '/admin/sign-in' });
  };
  return (
    <div className="adm-shell">
      <aside className="adm-side">
        <div className="adm-side-brand">
          <span className="yb-brand-mark" aria-hidden="true">
            银
          </span>
          <span>{t('admin.title')}</span>
        </div>
        <nav aria-label={t('admin.nav.label')}>
          <ul className="adm-nav">
            {NAV.map((n) => (
              <li key={n.to}>
                <Link to={n.to} activeProps={{ 'aria-current': 'page' }}>
                  {t(`admin.nav.${n.key}`)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="adm-who">
          <div className="yb-small adm-who-label">{t('admin.nav.signedInAs')}</div>
          <strong data-testid="staff-name">{me?.staff.username}</strong>
          <div className="yb-small adm-roles">
            {me?.staff.roles.map((r) => t(`admin.roles.${r}`, { defaultValue: r })).join(' · ')}
          </div>
          <div className="adm-who-actions">
            <button
              type="button"
              className="adm-linkbtn"
              title={t('admin.langLabel')}
              lang={i18n.language.startsWith('zh') ? 'en' : 'zh-CN'}
              onClick={() => void setLanguage(i18n.language.startsWith('zh') ? 'en' : 'zh-CN')}
            >
              {t('admin.lang')}
            </button>
            <button type="button" className="adm-linkbtn" onClick={() => void signOut()}>
              {t('admin.nav.signOut')}
            </button>
          </div>
        </div>
      </aside>
      <main className="adm-main">
        <Outlet />
      </main>
    </div>
  );
}
