import { Link, Navigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Card } from '../design/components.tsx';
import { Problem, useMyMerchants } from './ui.tsx';

/** /merchant: straight to the first live merchant (else the first one); with none, the way to apply. */
export function PortalIndex() {
  const { t } = useTranslation();
  const mine = useMyMerchants();
  if (mine.isPending) return <p className="yb-muted">{t('merchant.loading')}</p>;
  if (mine.error) return <Problem error={mine.error} />;
  const first = mine.data.find((m) => m.status === 'active') ?? mine.data[0];
  if (first) return <Navigate to="/merchant/$merchantId" params={{ merchantId: first.id }} replace />;
  return (
    <>
      <h1>{t('merchant.title')}</h1>
      <Card>
        <div className="yb-stack">
          <p>{t('merchant.none')}</p>
          <Link to="/merchant/apply" className="yb-button" data-variant="primary">
            {t('merchant.apply.title')}
          </Link>
        </div>
      </Card>
    </>
  );
}
