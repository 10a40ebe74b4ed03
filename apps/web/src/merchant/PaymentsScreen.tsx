import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Button, Card, Money } from '../design/components.tsx';
import { salesApi } from './sales-api.ts';
import './sales.css';
import { Problem, usePortalParams, useWhen } from './ui.tsx';

/** Incoming payments, newest first, by any method (owners and cashiers); "load more" pages back. */
export function PaymentsScreen() {
  const { t } = useTranslation();
  const when = useWhen();
  const { merchantId } = usePortalParams();
  const pages = useInfiniteQuery({
    queryKey: ['merchant', merchantId, 'payments'],
    queryFn: ({ pageParam }) => salesApi.payments(merchantId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <h1>{t('merchant.payments.title')}</h1>
      <Card>
        <Problem error={pages.error} />
        {pages.isPending ? <p className="yb-muted">{t('merchant.loading')}</p> : null}
        {pages.data && items.length === 0 ? <p className="yb-muted">{t('merchant.payments.empty')}</p> : null}
        <ul className="mp-items">
          {items.map((p) => (
            <li key={p.id} className="mp-item" data-testid="payment-row">
              <div className="mp-item-head">
                <strong>
                  {t(`merchant.payments.method.${p.method}`)} · {p.payerMasked}
                </strong>
                <Money amount={p.amount.amount} currency={p.amount.currency} />
              </div>
              <div className="yb-small yb-muted">
                {when(p.createdAt)}
                {p.reference ? ` · ${t('merchant.payments.reference', { reference: p.reference })}` : ''}
              </div>
              {p.orderId ? (
                <Link
                  to="/merchant/$merchantId/orders/$orderId"
                  params={{ merchantId, orderId: p.orderId }}
                  className="mp-back"
                >
                  {t('merchant.payments.openOrder')}
                </Link>
              ) : null}
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
