import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { merchantApi } from './api.ts';

/** On the customer's home: the way into the merchant portal, shown only to those who have a merchant. */
export function MerchantPortalLink({ className }: { className: string }) {
  const { t } = useTranslation();
  const mine = useQuery({ queryKey: ['merchant', 'mine'], queryFn: merchantApi.mine });
  if (!mine.data?.length) return null;
  return (
    <Link to="/merchant" className={className} data-testid="merchant-portal-link">
      <span>{t('merchant.entry')}</span>
      <span aria-hidden="true">›</span>
    </Link>
  );
}
