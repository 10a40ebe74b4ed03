import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Card } from '../design/components.tsx';
import { SalesChart } from './SalesChart.tsx';
import { Pill, Problem, useMerchant, usePortalParams } from './ui.tsx';

const TONE = { active: 'ok', pending_review: 'wait', rejected: 'off', suspended: 'off' } as const;

/** The portal's home for one merchant: its status (waiting for review, live, …) and its details. */
export function MerchantHome() {
  const { t, i18n } = useTranslation();
  const { merchantId } = usePortalParams();
  const { merchant: m, loading, error } = useMerchant(merchantId);
  if (loading) return <p className="yb-muted">{t('merchant.loading')}</p>;
  if (error || !m) return <Problem error={error ?? { code: 'MERCHANT_NOT_FOUND' }} />;
  const zh = i18n.language.startsWith('zh');
  return (
    <>
      <div className="mp-head">
        <h1>{m.businessName}</h1>
        <Pill tone={TONE[m.status]}>{t(`merchant.status.${m.status}`)}</Pill>
      </div>
      {m.status === 'pending_review' ? (
        <Card title={t('merchant.home.pendingTitle')}>
          <p data-testid="merchant-status">{t('merchant.home.pendingBody')}</p>
        </Card>
      ) : null}
      {m.status === 'rejected' ? (
        <Card title={t('merchant.home.rejectedTitle')}>
          <p data-testid="merchant-status">
            {t('merchant.home.rejectedBody', { reason: m.rejectReason ?? '—' })}
          </p>
        </Card>
      ) : null}
      {m.status === 'suspended' ? (
        <Card>
          <p data-testid="merchant-status">{t('merchant.home.suspendedBody')}</p>
        </Card>
      ) : null}
      {m.status === 'active' ? (
        <Card>
          <div className="yb-stack">
            <p data-testid="merchant-status">{t('merchant.home.activeBody')}</p>
            <Link
              to="/merchant/$merchantId/qr-codes"
              params={{ merchantId: m.id }}
              className="yb-button"
              data-variant="primary"
            >
              {t('merchant.nav.qrCodes')}
            </Link>
          </div>
        </Card>
      ) : null}
      {m.status === 'active' || m.status === 'suspended' ? <SalesChart merchantId={m.id} /> : null}
      <Card>
        <dl className="mp-facts">
          <dt>{t('merchant.home.role')}</dt>
          <dd>{t(`merchant.roles.${m.role ?? 'cashier'}`)}</dd>
          <dt>{t('merchant.home.category')}</dt>
          <dd>
            {zh ? m.category.nameZh : m.category.name} ({m.category.code})
          </dd>
          <dt>{t('merchant.home.settlement')}</dt>
          <dd>
            {t('merchant.home.settlementValue', { bank: m.settlement.bankName, last4: m.settlement.last4 })}
          </dd>
          <dt>{t('merchant.home.contact')}</dt>
          <dd>
            {m.contact.phone} · {m.contact.email}
          </dd>
        </dl>
      </Card>
    </>
  );
}
