import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api.ts';
import { Alert, Button, Card, Money } from '../design/components.tsx';
import { isElderMode } from '../design/elder.ts';
import { Icon, type IconName } from '../design/icons.tsx';
import { formatMoney } from '../design/money.ts';
import { FirstUseTip } from '../design/tip.tsx';
import { errorMessage } from '../errors.ts';
import { UnreadBadge } from '../features/notifications/UnreadBadge.tsx';
import { PendingPaymentBanner } from '../features/paycode/PendingBanner.tsx';
import { DeviceTrustBanner } from '../features/security/index.ts';
import { MerchantPortalLink } from '../merchant/entry.tsx';
import { clearSession, currentSession } from '../session.ts';
import { TopBar } from './Layout.tsx';

/** Quick actions: where each leads. */
const ACTIONS: { icon: IconName; to?: string }[] = [
  { icon: 'transfer', to: '/transfer' },
  { icon: 'receive', to: '/receive' },
  { icon: 'topUp', to: '/topup' },
  { icon: 'cards', to: '/cards' },
  { icon: 'scan', to: '/scan' },
  { icon: 'payCode', to: '/paycode' },
];
const MORE = [
  { key: 'history', to: '/history' },
  { key: 'notifications', to: '/notifications' },
  { key: 'security', to: '/security' },
  { key: 'kyc', to: '/kyc' },
  { key: 'withdraw', to: '/withdraw' },
  { key: 'settings', to: '/settings' },
] as const;

export function HomeScreen() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const session = currentSession();
  const elder = isElderMode();
  const token = session?.token ?? '';
  const me = useQuery({ queryKey: ['me', token], queryFn: () => api.me(token), enabled: !!session });
  const walletId = me.data?.walletId;
  const wallet = useQuery({
    queryKey: ['wallet', walletId],
    queryFn: () => api.wallet(token, walletId!),
    enabled: !!walletId,
  });
  const error = me.error ?? wallet.error;
  const expired = error instanceof ApiError && error.code === 'UNAUTHENTICATED';

  useEffect(() => {
    if (!session || expired) {
      clearSession();
      void navigate({ to: '/sign-in' });
    }
  }, [session, expired, navigate]);

  const signOut = async () => {
    // Signing out locally must not wait on (or fail with) the network.
    await api.logout(token).catch(() => undefined);
    clearSession();
    queryClient.clear();
    await navigate({ to: '/sign-in' });
  };

  const main = wallet.data?.balances.find((b) => b.currency === 'CNY') ?? wallet.data?.balances[0];
  return (
    <div className="yb-page">
      <TopBar
        right={
          <Button variant="ghost" onClick={() => void signOut()}>
            {t('common.signOut')}
          </Button>
        }
      />
      <main className="yb-main">
        {me.data ? <h1>{t('home.greeting', { name: me.data.displayName })}</h1> : null}
        {error && !expired ? (
          <Alert>{errorMessage(error instanceof ApiError ? error.code : undefined, i18n.language)}</Alert>
        ) : null}
        {wallet.data?.status === 'frozen' ? <Alert>{t('home.frozen')}</Alert> : null}
        <DeviceTrustBanner />
        <PendingPaymentBanner />
        <Card title={t('home.balance')}>
          {main ? (
            <div className="yb-stack">
              <Money amount={main.available} currency={main.currency} size="lg" />
              {!isZero(main.pendingIncoming) || !isZero(main.pendingOutgoing) ? (
                <span className="yb-muted yb-small">
                  {t('home.pending', {
                    incoming: formatMoney(main.pendingIncoming, main.currency, i18n.language),
                    outgoing: formatMoney(main.pendingOutgoing, main.currency, i18n.language),
                  })}
                </span>
              ) : null}
              <span className="yb-badge">
                {t('home.tier', {
                  tier: t(`tiers.${wallet.data?.tier}`, { defaultValue: wallet.data?.tierName ?? '' }),
                })}
              </span>
            </div>
          ) : (
            <p className="yb-muted">{t('common.loading')}</p>
          )}
        </Card>
        {wallet.data && wallet.data.balances.length > 1 ? (
          <Card title={t('home.balances')}>
            {wallet.data.balances.map((b) => (
              <div className="yb-balance-row" key={b.currency}>
                <span>{b.currency}</span>
                <Money amount={b.available} currency={b.currency} />
              </div>
            ))}
          </Card>
        ) : null}
        <FirstUseTip id="home" title={t('home.tip.title')}>
          {t('home.tip.body')}
        </FirstUseTip>
        <Card title={t('home.quickActions')}>
          <div className="yb-actions">
            {/* Elder mode: fewer choices — only what works today. */}
            {ACTIONS.filter((a) => a.to || !elder).map((a) =>
              a.to ? (
                <Link to={a.to} className="yb-action" key={a.icon}>
                  <span className="yb-action-icon">
                    <Icon name={a.icon} />
                  </span>
                  <span className="yb-action-label">{t(`home.actions.${a.icon}`)}</span>
                </Link>
              ) : (
                <button type="button" className="yb-action" key={a.icon} aria-disabled="true">
                  <span className="yb-action-icon">
                    <Icon name={a.icon} />
                  </span>
                  <span className="yb-action-label">{t(`home.actions.${a.icon}`)}</span>
                  <span className="yb-badge">{t('common.comingSoon')}</span>
                </button>
              ),
            )}
          </div>
        </Card>
        <nav aria-label={t('home.more')} className="yb-list">
          {MORE.map((m) => (
            <Link to={m.to} className="yb-list-item" key={m.key}>
              <span>
                {t(`home.links.${m.key}`)} {m.key === 'notifications' ? <UnreadBadge /> : null}
              </span>
              <span aria-hidden="true">›</span>
            </Link>
          ))}
          <MerchantPortalLink className="yb-list-item" />
        </nav>
      </main>
    </div>
  );
}

const isZero = (amount: string) => /^-?0*(\.0*)?$/.test(amount);
