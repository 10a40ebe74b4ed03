import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../design/money.ts';
import { usePendingPayments } from './api.ts';
import './paycode.css';

/**
 * On home: a shop's till waits for this customer to confirm a payment (a link to 付款码, where the
 * confirm sheet opens). Polled every 5 s only while home is shown and the page visible.
 */
export function PendingPaymentBanner() {
  const { t, i18n } = useTranslation();
  const pending = usePendingPayments(5000);
  const first = pending.data?.items.find((p) => p.status === 'awaiting_customer');
  if (!first) return null;
  return (
    <div className="yb-alert paycode-banner" role="status">
      <span>
        {t('paycode.pendingBanner', {
          name: first.merchant.name,
          amount: formatMoney(first.amount.amount, first.amount.currency, i18n.language),
        })}
      </span>
      <Link to="/paycode" className="yb-button" data-variant="primary">
        {t('paycode.pendingOpen')}
      </Link>
    </div>
  );
}
