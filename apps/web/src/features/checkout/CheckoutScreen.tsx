import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { Button, Card, Money } from '../../design/components.tsx';
import { formatMoney } from '../../design/money.ts';
import { useTimeLeft } from '../../design/time-left.ts';
import { errorMessage } from '../../errors.ts';
import { Screen } from '../../screens/Layout.tsx';
import '../scan/scan.css';
import './checkout.css';
import { CHALLENGE_DEAD, StepUp } from '../step-up/StepUp.tsx';
import { useMerchantPayment } from '../step-up/use-merchant-payment.ts';
import { Outcome, Rows, useElder } from '../transfer/parts.tsx';
import { type CheckoutOrder, checkoutApi } from './api.ts';
import { returnLink } from './return-url.ts';

/** Refusals about the order itself: paying again cannot help; the words and the way back to the shop can. */
const ORDER_REFUSALS: Record<string, 'paid' | 'expired' | 'cancelled' | 'notFound'> = {
  ORDER_ALREADY_PAID: 'paid',
  ORDER_EXPIRED: 'expired',
  ORDER_CANCELLED: 'cancelled',
  ORDER_NOT_FOUND: 'notFound',
};

/**
 * The hosted checkout (`/checkout/$orderId`, a shop's `checkoutUrl`): who is paid, how much, for
 * what, until when; pay, the confirmation when asked, the receipt with the way back to the shop.
 * Paid, expired, cancelled and unknown orders get plain words. Elder mode adds the check step.
 */
export function CheckoutScreen() {
  const { t } = useTranslation();
  const { orderId } = useParams({ strict: false }) as { orderId: string };
  const order = useQuery({
    queryKey: ['checkout', orderId],
    queryFn: () => checkoutApi.order(orderId),
    retry: false,
    refetchOnWindowFocus: false,
  });

  return (
    <Screen title={t('checkout.title')} back={null}>
      {order.isPending ? (
        <p aria-live="polite">{t('checkout.loading')}</p>
      ) : order.isError ? (
        <Closed
          code={order.error instanceof ApiError ? order.error.code : 'UNKNOWN'}
          orderId={orderId}
          order={null}
        />
      ) : order.data.status !== 'open' ? (
        <Closed code={STATUS_CODE[order.data.status] ?? 'UNKNOWN'} orderId={orderId} order={order.data} />
      ) : (
        <PayOrder order={order.data} />
      )}
    </Screen>
  );
}

const STATUS_CODE: Record<string, string> = {
  paid: 'ORDER_ALREADY_PAID',
  expired: 'ORDER_EXPIRED',
  cancelled: 'ORDER_CANCELLED',
};

/** The button back to the shop (a plain link: the shop's site is another origin). */
function ReturnButton({ href, name, secondary }: { href: string; name: string; secondary?: boolean }) {
  const { t } = useTranslation();
  return (
    <a className="yb-button" data-variant={secondary ? 'secondary' : 'primary'} data-block="" href={href}>
      {t('checkout.returnTo', { name })}
    </a>
  );
}

/** An order that cannot be paid (paid, expired, cancelled, unknown): plain words, back to the shop. */
function Closed({ code, orderId, order }: { code: string; orderId: string; order: CheckoutOrder | null }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const state = ORDER_REFUSALS[code];
  const back = order ? returnLink(order.returnUrl, orderId, order.status) : null;
  return (
    <Outcome
      tone={state === 'paid' ? 'ok' : 'fail'}
      title={state ? t(`checkout.state.${state}`) : t('checkout.refused')}
    >
      {order ? (
        <Rows
          rows={[
            { label: t('checkout.merchant'), value: order.merchant.name },
            { label: t('checkout.amount'), value: <Money {...order.amount} />, strong: true },
          ]}
        />
      ) : null}
      <p>{errorMessage(code, i18n.language)}</p>
      {back && order ? <ReturnButton href={back} name={order.merchant.name} /> : null}
      <Button variant={back ? 'secondary' : 'primary'} block onClick={() => void navigate({ to: '/home' })}>
        {t('checkout.done')}
      </Button>
    </Outcome>
  );
}

function PayOrder({ order }: { order: CheckoutOrder }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const _queryClient = useQueryClient();
  const elder = useElder();
  const timeLeft = useTimeLeft(order.expiresAt);
  const category = i18n.language === 'en' ? order.merchant.category.name : order.merchant.category.nameZh;
  const name = order.merchant.name;

  const { step, setStep, stepUp, stepUpError, result, busy, start, confirm, backToForm } = useMerchantPayment(
    (key, proof) => checkoutApi.pay(key, order.orderId, proof),
    'checkout',
  );

  const what = (
    <>
      <Money {...order.amount} /> → {name}
    </>
  );
  const descriptionRow = order.description
    ? [{ label: t('checkout.description'), value: order.description }]
    : [];

  if (step === 'result' && result) {
    if (result.kind === 'refused') {
      const state = ORDER_REFUSALS[result.code];
      if (state)
        return (
          <Closed
            code={result.code}
            orderId={order.orderId}
            order={state === 'notFound' ? null : { ...order, status: state }}
          />
        );
      return (
        <Outcome tone="fail" title={t('checkout.refused')}>
          <p>
            {errorMessage(result.code, i18n.language)} {t('checkout.refusedText')}
          </p>
          <Button block onClick={backToForm}>
            {CHALLENGE_DEAD.includes(result.code) ? t('checkout.pay') : t('checkout.tryAgain')}
          </Button>
          <CancelLink order={order} />
        </Outcome>
      );
    }
    const p = result.payment;
    const back = returnLink(p.returnUrl, order.orderId, 'paid');
    return (
      <Outcome tone="ok" title={t('checkout.paid')}>
        <p>
          {t('checkout.paidText', {
            amount: formatMoney(p.amount.amount, p.amount.currency, i18n.language),
            name: p.merchant.name,
          })}
        </p>
        <Rows
          rows={[
            { label: t('checkout.merchant'), value: p.merchant.name },
            { label: t('checkout.amount'), value: <Money {...p.amount} />, strong: true },
            ...descriptionRow,
            {
              label: t('checkout.time'),
              value: new Intl.DateTimeFormat(i18n.language, {
                dateStyle: 'medium',
                timeStyle: 'short',
              }).format(new Date(p.createdAt)),
            },
            { label: t('checkout.id'), value: <span className="yb-small">{p.id}</span> },
          ]}
        />
        {back ? <ReturnButton href={back} name={p.merchant.name} /> : null}
        <Button variant={back ? 'secondary' : 'primary'} block onClick={() => void navigate({ to: '/home' })}>
          {t('checkout.done')}
        </Button>
      </Outcome>
    );
  }

  if (step === 'confirm' && stepUp) {
    return (
      <StepUp
        challenge={stepUp.challenge}
        reasons={stepUp.reasons}
        what={what}
        busy={busy}
        error={stepUpError}
        onConfirm={confirm}
        onCancel={backToForm}
        onRestart={backToForm}
      />
    );
  }

  if (!timeLeft) {
    return <Closed code="ORDER_EXPIRED" orderId={order.orderId} order={{ ...order, status: 'expired' }} />;
  }

  if (step === 'review') {
    return (
      <Card title={t('checkout.checkTitle')}>
        <div className="yb-stack">
          <p className="yb-check">{t('checkout.elderCheck')}</p>
          <Rows
            rows={[
              { label: t('checkout.merchant'), value: name },
              { label: t('checkout.category'), value: category },
              ...descriptionRow,
              { label: t('checkout.amount'), value: <Money {...order.amount} />, strong: true },
              { label: t('checkout.fee'), value: t('checkout.noFee') },
            ]}
          />
          <Button block disabled={busy} onClick={start}>
            {busy ? t('checkout.paying') : t('checkout.pay')}
          </Button>
          <Button variant="secondary" block disabled={busy} onClick={() => setStep('form')}>
            {t('checkout.back')}
          </Button>
          <p className="yb-muted yb-small">{t('checkout.safety')}</p>
        </div>
      </Card>
    );
  }

  return (
    <Card>
      <div className="yb-stack">
        <div className="yb-pay-merchant">
          <h2 className="yb-pay-merchant-name">{name}</h2>
          <span className="yb-muted">{category}</span>
        </div>
        <p className="yb-pay-amount">
          <Money {...order.amount} />
        </p>
        <Rows
          rows={[
            ...descriptionRow,
            { label: t('checkout.expires'), value: t('checkout.expiresIn', { time: timeLeft }) },
            { label: t('checkout.fee'), value: t('checkout.noFee') },
          ]}
        />
        <Button block disabled={busy} onClick={() => (elder ? setStep('review') : start())}>
          {elder ? t('checkout.next') : busy ? t('checkout.paying') : t('checkout.pay')}
        </Button>
        <CancelLink order={order} />
        <p className="yb-muted yb-small">{t('checkout.safety')}</p>
      </div>
    </Card>
  );
}

/** "Cancel and return" before paying: back to the shop (the order stays open until it expires), else home. */
function CancelLink({ order }: { order: CheckoutOrder }) {
  const { t } = useTranslation();
  const back = returnLink(order.returnUrl, order.orderId, 'open');
  return back ? (
    <a className="yb-checkout-cancel" href={back}>
      {t('checkout.cancel')}
    </a>
  ) : (
    <Link to="/home" className="yb-checkout-cancel">
      {t('checkout.cancelHome')}
    </Link>
  );
}
