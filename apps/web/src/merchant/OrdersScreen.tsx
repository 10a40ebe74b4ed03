import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, Money } from '../design/components.tsx';
import { ORDER_STATUSES, type OrderStatus, salesApi } from './sales-api.ts';
import './sales.css';
import { Pill, Problem, SelectField, usePortalParams, useWhen } from './ui.tsx';

export const ORDER_TONE = { open: 'wait', paid: 'ok', expired: 'off', cancelled: 'off' } as const;

/** Online orders, newest first, filtered by status (owners and cashiers); each opens its detail. */
export function OrdersScreen() {
  const { t } = useTranslation();
  const when = useWhen();
  const { merchantId } = usePortalParams();
  const [status, setStatus] = useState<OrderStatus | ''>('');
  const pages = useInfiniteQuery({
    queryKey: ['merchant', merchantId, 'orders', status],
    queryFn: ({ pageParam }) => salesApi.orders(merchantId, status || undefined, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <h1>{t('merchant.orders.title')}</h1>
      <p className="yb-muted">{t('merchant.orders.intro')}</p>
      <Card>
        <SelectField
          label={t('merchant.orders.filter')}
          value={status}
          onChange={(v) => setStatus(v as OrderStatus | '')}
        >
          <option value="">{t('merchant.orders.all')}</option>
          {ORDER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`merchant.orders.status.${s}`)}
            </option>
          ))}
        </SelectField>
        <Problem error={pages.error} />
        {pages.isPending ? <p className="yb-muted">{t('merchant.loading')}</p> : null}
        {pages.data && items.length === 0 ? <p className="yb-muted">{t('merchant.orders.empty')}</p> : null}
        <ul className="mp-items">
          {items.map((o) => (
            <li key={o.id} className="mp-item" data-testid="order-row">
              <div className="mp-item-head">
                <Link to="/merchant/$merchantId/orders/$orderId" params={{ merchantId, orderId: o.id }}>
                  <strong>{o.reference}</strong>
                </Link>
                <Pill tone={ORDER_TONE[o.status]}>{t(`merchant.orders.status.${o.status}`)}</Pill>
              </div>
              <div className="mp-item-head">
                <span className="yb-small yb-muted">{o.description ?? ''}</span>
                <Money amount={o.amount.amount} currency={o.amount.currency} />
              </div>
              <div className="yb-small yb-muted">
                {when(o.createdAt)}
                {o.refunded.amount !== '0.00'
                  ? ` · ${t('merchant.orders.refundedShort', { amount: o.refunded.amount })}`
                  : ''}
              </div>
            </li>
          ))}
        </ul>
        {pages.hasNextPage ? (
          <Button
            variant="secondary"
            onClick={() => void pages.fetchNextPage()}
            disabled={pages.isFetchingNextPage}
          >
            {t('merchant.loadMore')}
          </Button>
        ) : null}
      </Card>
    </>
  );
}
