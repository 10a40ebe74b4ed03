import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, Money, TextField } from '../design/components.tsx';
import { formatMoney } from '../design/money.ts';
import { ORDER_TONE } from './OrdersScreen.tsx';
import { type Order, type Refund, salesApi } from './sales-api.ts';
import './sales.css';
import { Pill, Problem, useMerchant, useWhen } from './ui.tsx';

const AMOUNT = /^(?:0|[1-9]\d{0,11})(?:\.\d{1,2})?$/;
const amountOk = (v: string) => AMOUNT.test(v) && !/^0(?:\.0{0,2})?$/.test(v);
/** A fresh refund reference: the same one is sent again on a retry, so a refund is never doubled. */
const newReference = () =>
  `RF-${Date.now().toString(36).toUpperCase()}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`;

/** One order: its figures, its refunds, and (owners, once paid) a refund with a confirmation step. */
export function OrderScreen() {
  const { t } = useTranslation();
  const when = useWhen();
  const { merchantId, orderId } = useParams({ strict: false }) as { merchantId: string; orderId: string };
  const { isOwner } = useMerchant(merchantId);
  const order = useQuery({
    queryKey: ['merchant', merchantId, 'order', orderId],
    queryFn: () => salesApi.order(merchantId, orderId),
  });
  const refunds = useQuery({
    queryKey: ['merchant', merchantId, 'order', orderId, 'refunds'],
    queryFn: () => salesApi.refunds(merchantId, orderId),
  });
  const o = order.data;
  return (
    <>
      <Link to="/merchant/$merchantId/orders" params={{ merchantId }} className="mp-back">
        ‹ {t('merchant.orders.back')}
      </Link>
      <Problem error={order.error} />
      {order.isPending ? <p className="yb-muted">{t('merchant.loading')}</p> : null}
      {o ? (
        <>
          <div className="mp-head">
            <h1>{o.reference}</h1>
            <Pill tone={ORDER_TONE[o.status]}>{t(`merchant.orders.status.${o.status}`)}</Pill>
          </div>
          <Card>
            <dl className="mp-figures" data-testid="order-figures">
              <dt>{t('merchant.orders.amount')}</dt>
              <dd>
                <Money amount={o.amount.amount} currency={o.amount.currency} />
              </dd>
              <dt>{t('merchant.orders.refunded')}</dt>
              <dd data-testid="order-refunded">
                <Money amount={o.refunded.amount} currency={o.refunded.currency} />
              </dd>
              <dt>{t('merchant.orders.refundable')}</dt>
              <dd data-testid="order-refundable">
                <Money amount={o.refundable.amount} currency={o.refundable.currency} />
              </dd>
              {o.description ? (
                <>
                  <dt>{t('merchant.orders.description')}</dt>
                  <dd>{o.description}</dd>
                </>
              ) : null}
              <dt>{t('merchant.orders.createdAt')}</dt>
              <dd>{when(o.createdAt)}</dd>
              <dt>{t('merchant.orders.paidAt')}</dt>
              <dd>{when(o.paidAt)}</dd>
            </dl>
          </Card>
          {isOwner && o.status === 'paid' ? <RefundForm merchantId={merchantId} order={o} /> : null}
          <Card title={t('merchant.orders.refunds')}>
            <Problem error={refunds.error} />
            {refunds.data?.length === 0 ? <p className="yb-muted">{t('merchant.orders.noRefunds')}</p> : null}
            <ul className="mp-items">
              {refunds.data?.map((r) => (
                <RefundRow key={r.id} refund={r} />
              ))}
            </ul>
          </Card>
        </>
      ) : null}
    </>
  );
}

function RefundRow({ refund: r }: { refund: Refund }) {
  const { t } = useTranslation();
  const when = useWhen();
  return (
    <li className="mp-item" data-testid="refund-row">
      <div className="mp-item-head">
        <strong>{r.reference}</strong>
        <Money amount={r.amount.amount} currency={r.amount.currency} />
      </div>
      <div className="yb-small yb-muted">
        {when(r.createdAt)}
        {r.reason ? ` · ${r.reason}` : ''}
      </div>
      <span className="yb-small">{t('merchant.orders.refundDone')}</span>
    </li>
  );
}

/** Amount (default: what is still refundable), reason, then a confirmation showing the amount. */
function RefundForm({ merchantId, order }: { merchantId: string; order: Order }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [amount, setAmount] = useState(order.refundable.amount);
  const [reason, setReason] = useState('');
  const [reference, setReference] = useState(newReference);
  const [step, setStep] = useState<'form' | 'confirm'>('form');
  const [shown, setShown] = useState(false);
  const [done, setDone] = useState<Refund | null>(null);
  // After a refund, the default is the new refundable rest.
  useEffect(() => setAmount(order.refundable.amount), [order.refundable.amount]);
  const amountError = amountOk(amount) ? null : t('merchant.orders.amountInvalid');
  const refund = useMutation({
    mutationFn: () =>
      salesApi.refund(merchantId, order.id, {
        amount: { amount, currency: order.amount.currency },
        reference,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      }),
    onSuccess: async (r) => {
      setDone(r);
      setStep('form');
      setReference(newReference());
      setReason('');
      await queryClient.invalidateQueries({ queryKey: ['merchant', merchantId] });
    },
    onError: () => {
      setStep('form');
      // A refusal moved nothing: the next try is a new refund.
      setReference(newReference());
    },
  });
  const shownAmount = amountOk(amount) ? formatMoney(amount, order.amount.currency, i18n.language) : '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    setDone(null);
    refund.reset();
    if (!amountError) setStep('confirm');
  };
  return (
    <Card title={t('merchant.orders.refundTitle')}>
      {step === 'form' ? (
        <form className="yb-stack" onSubmit={submit} noValidate>
          <TextField
            label={t('merchant.orders.refundAmount')}
            hint={t('merchant.orders.refundAmountHint', { amount: order.refundable.amount })}
            inputMode="decimal"
            autoComplete="off"
            maxLength={16}
            value={amount}
            error={shown ? amountError : null}
            onChange={(e) => setAmount(e.target.value.replace(/[^\d.]/g, ''))}
          />
          <TextField
            label={t('merchant.orders.reason')}
            autoComplete="off"
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <p className="yb-small yb-muted">{t('merchant.orders.referenceIs', { reference })}</p>
          <Problem error={refund.error} />
          {done ? (
            <p role="status" className="mp-ok" data-testid="refund-result">
              {t('merchant.orders.refunded1', {
                amount: formatMoney(done.amount.amount, done.amount.currency, i18n.language),
                reference: done.reference,
              })}
            </p>
          ) : null}
          <Button type="submit" block>
            {t('merchant.orders.refundNext')}
          </Button>
        </form>
      ) : (
        <div className="yb-stack" data-testid="refund-confirm">
          <p>{t('merchant.orders.confirmRefund', { amount: shownAmount, reference: order.reference })}</p>
          <div className="yb-row">
            <Button disabled={refund.isPending} onClick={() => refund.mutate()}>
              {refund.isPending ? t('merchant.orders.refunding') : t('merchant.orders.confirmRefundYes')}
            </Button>
            <Button variant="ghost" disabled={refund.isPending} onClick={() => setStep('form')}>
              {t('merchant.cancel')}
            </Button>
          </div>
        </div>
      )}
    </Card>
  );
}
