import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, Money } from '../../design/components.tsx';
import { formatMoney } from '../../design/money.ts';
import { Pill, useWhen } from '../ui.tsx';
import type { PosPayment } from './api.ts';
import { clock, secondsLeft } from './till.ts';

const TONE = {
  completed: 'ok',
  awaiting_customer: 'wait',
  processing: 'wait',
  declined: 'off',
  expired: 'off',
} as const;

/** The outcome of a sale, big enough to show the customer across the counter. */
export function SaleResult({ payment, onNext }: { payment: PosPayment; onNext: () => void }) {
  const { t, i18n } = useTranslation();
  const when = useWhen();
  const amount = formatMoney(payment.amount.amount, payment.amount.currency, i18n.language);
  const next = (
    <Button block onClick={onNext} className="till-next">
      {t('till.next')}
    </Button>
  );
  if (payment.status === 'completed')
    return (
      <section className="till-result" data-state="completed" role="status" data-testid="till-result">
        <span className="till-result-mark" aria-hidden="true">
          ✓
        </span>
        <h2 className="till-result-title">{t('till.paidAmount', { amount })}</h2>
        <p>{t('till.reference_', { ref: payment.reference })}</p>
        <p className="yb-small">{when(payment.createdAt)}</p>
        {next}
      </section>
    );
  if (payment.status === 'awaiting_customer' || payment.status === 'processing')
    return (
      <section className="till-result" data-state="waiting" role="status" data-testid="till-result">
        <h2 className="till-result-title">{t('till.waitingTitle')}</h2>
        <Money amount={payment.amount.amount} currency={payment.amount.currency} size="lg" />
        <p>{t('till.waitingBody')}</p>
        <Countdown expiresAt={payment.expiresAt} />
        <p className="yb-small">{t('till.reference_', { ref: payment.reference })}</p>
      </section>
    );
  return (
    <section className="till-result" data-state="failed" role="status" data-testid="till-result">
      <h2 className="till-result-title">{t('till.refusedTitle')}</h2>
      <Money amount={payment.amount.amount} currency={payment.amount.currency} size="lg" />
      <p>{payment.status === 'declined' ? t('till.declined') : t('till.expired')}</p>
      {next}
    </section>
  );
}

function Countdown({ expiresAt }: { expiresAt: string | null }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <p className="till-countdown" aria-live="off">
      {t('till.waitingLeft', { left: clock(secondsLeft(expiresAt, now)) })}
    </p>
  );
}

const KEEP = 10;

/** This session's last sales at this merchant (kept in sessionStorage: gone when the tab closes). */
export function useRecentSales(merchantId: string) {
  const storageKey = `yb.till.${merchantId}`;
  const [items, setItems] = useState<PosPayment[]>(() => {
    try {
      return JSON.parse(sessionStorage.getItem(storageKey) ?? '[]') as PosPayment[];
    } catch {
      return [];
    }
  });
  const record = useCallback(
    (p: PosPayment) =>
      setItems((old) => {
        const items = [p, ...old.filter((o) => o.id !== p.id)].slice(0, KEEP);
        try {
          sessionStorage.setItem(storageKey, JSON.stringify(items));
        } catch {
          // A full or blocked storage only loses the list.
        }
        return items;
      }),
    [storageKey],
  );
  return { items, record };
}

export function RecentSales({ items }: { items: PosPayment[] }) {
  const { t } = useTranslation();
  const when = useWhen();
  return (
    <Card title={t('till.recent')}>
      {items.length === 0 ? <p className="yb-muted">{t('till.recentEmpty')}</p> : null}
      <ul className="mp-items">
        {items.map((p) => (
          <li key={p.id} className="mp-item" data-testid="till-sale" data-status={p.status}>
            <div className="mp-item-head">
              <Money amount={p.amount.amount} currency={p.amount.currency} />
              <Pill tone={TONE[p.status]}>{t(`till.status.${p.status}`)}</Pill>
            </div>
            <div className="yb-small yb-muted">
              {p.reference} · {when(p.createdAt)}
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}
