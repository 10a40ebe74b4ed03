import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Card } from '../design/components.tsx';
import { formatMoney } from '../design/money.ts';
import { salesApi } from './sales-api.ts';
import './sales.css';
import { OwnersOnly, Pill, Problem, usePortalParams } from './ui.tsx';

/** Daily settlements (owners): gross, refunds, MDR fee, net, the masked bank account, the status. */
export function SettlementsScreen() {
  const { merchantId } = usePortalParams();
  return (
    <OwnersOnly merchantId={merchantId}>
      <Settlements merchantId={merchantId} />
    </OwnersOnly>
  );
}

function Settlements({ merchantId }: { merchantId: string }) {
  const { t, i18n } = useTranslation();
  const pages = useInfiniteQuery({
    queryKey: ['merchant', merchantId, 'settlements'],
    queryFn: ({ pageParam }) => salesApi.settlements(merchantId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const money = (m: { amount: string; currency: string }) => formatMoney(m.amount, m.currency, i18n.language);
  return (
    <>
      <h1>{t('merchant.settlements.title')}</h1>
      <p className="yb-muted">{t('merchant.settlements.intro')}</p>
      <Card>
        <Problem error={pages.error} />
        {pages.isPending ? <p className="yb-muted">{t('merchant.loading')}</p> : null}
        {pages.data && items.length === 0 ? (
          <p className="yb-muted">{t('merchant.settlements.empty')}</p>
        ) : null}
        <ul className="mp-items">
          {items.map((s) => (
            <li key={s.id} className="mp-item" data-testid="settlement-row">
              <div className="mp-item-head">
                <strong>{s.businessDate}</strong>
                <Pill tone={s.status === 'paid' ? 'ok' : 'off'}>
                  {t(`merchant.settlements.status.${s.status}`)}
                </Pill>
              </div>
              <dl className="mp-figures">
                <dt>{t('merchant.settlements.gross')}</dt>
                <dd>{money(s.gross)}</dd>
                <dt>{t('merchant.settlements.refunds')}</dt>
                <dd>{money(s.refunds)}</dd>
                <dt>{t('merchant.settlements.fee', { rate: (s.mdrBps / 100).toFixed(2) })}</dt>
                <dd>{money(s.fee)}</dd>
                <dt>{t('merchant.settlements.net')}</dt>
                <dd className="mp-net">{money(s.net)}</dd>
              </dl>
              <div className="yb-small yb-muted">
                {t('merchant.settlements.to', { bank: s.bankAccount.bankName, masked: s.bankAccount.masked })}
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
