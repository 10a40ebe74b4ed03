import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { Button, Card, Money, TextField } from '../../design/components.tsx';
import { formatMoney } from '../../design/money.ts';
import { useTimeLeft } from '../../design/time-left.ts';
import { errorMessage } from '../../errors.ts';
import { Screen } from '../../screens/Layout.tsx';
import { CHALLENGE_DEAD, StepUp } from '../step-up/StepUp.tsx';
import { useMerchantPayment } from '../step-up/use-merchant-payment.ts';
import { amountProblem, normalAmount } from '../transfer/money-input.ts';
import { Outcome, Rows, useElder } from '../transfer/parts.tsx';
import { type ResolvedCode, scanApi } from './api.ts';
import type { PaySearch } from './routes.tsx';
import './scan.css';

const CURRENCY = 'CNY';
/** Refusals about the code itself: paying it again cannot help, scanning another can. */
const CODE_REFUSALS = [
  'QR_INVALID',
  'QR_NOT_SUPPORTED',
  'QR_EXPIRED',
  'QR_DISABLED',
  'QR_ALREADY_PAID',
  'MERCHANT_NOT_ACTIVE',
];

/**
 * Paying a merchant's QR code (from the scanner or an NFC tag's `/pay?code=` link): who is paid and
 * how much (fixed by a dynamic code, typed for a static one), pay, the confirmation when asked, the
 * receipt. Elder mode adds an explicit "check before you pay" step.
 */
export function PayScreen() {
  const { t } = useTranslation();
  const { code } = useSearch({ strict: false }) as PaySearch;
  const resolved = useQuery({
    queryKey: ['qr', code],
    queryFn: () => scanApi.resolve(code!),
    enabled: !!code,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });

  return (
    <Screen title={t('scan.pay.title')} back="/scan">
      {!code ? (
        <CannotPay words={t('scan.pay.missing')} />
      ) : resolved.isPending ? (
        <p aria-live="polite">{t('scan.pay.loading')}</p>
      ) : resolved.isError ? (
        <CannotPay code={resolved.error instanceof ApiError ? resolved.error.code : 'UNKNOWN'} />
      ) : (
        <PayForm payload={code} qr={resolved.data} />
      )}
    </Screen>
  );
}

/** A code that cannot be paid (or none): plain words, scan again, home. */
function CannotPay({ code, words }: { code?: string; words?: string }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  return (
    <Outcome tone="fail" title={t('scan.pay.cannotPay')}>
      <p>{words ?? errorMessage(code, i18n.language)}</p>
      <Button block onClick={() => void navigate({ to: '/scan' })}>
        {t('scan.pay.scanAgain')}
      </Button>
      <Button variant="secondary" block onClick={() => void navigate({ to: '/home' })}>
        {t('scan.pay.done')}
      </Button>
    </Outcome>
  );
}

function PayForm({ payload, qr }: { payload: string; qr: ResolvedCode }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const _queryClient = useQueryClient();
  const elder = useElder();
  const [amount, setAmount] = useState('');
  const [touched, setTouched] = useState(false);
  const timeLeft = useTimeLeft(qr.expiresAt);

  const issue = qr.fixedAmount ? null : amountProblem(amount);
  const amountError =
    touched && issue
      ? t(
          issue === 'required'
            ? 'transfer.amountRequired'
            : issue === 'zero'
              ? 'transfer.amountZero'
              : 'transfer.amountFormat',
        )
      : null;
  const money =
    qr.fixedAmount && qr.amount
      ? qr.amount
      : { amount: issue ? '0' : normalAmount(amount), currency: CURRENCY };
  const category = i18n.language === 'en' ? qr.merchant.category.name : qr.merchant.category.nameZh;

  const { step, setStep, stepUp, stepUpError, result, busy, start, confirm, backToForm } = useMerchantPayment(
    (key, proof) =>
      scanApi.pay(key, {
        payload,
        ...(qr.fixedAmount ? {} : { amount: money }),
        ...(proof ? { stepUp: proof } : {}),
      }),
    'qr',
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (issue) return;
    if (elder) setStep('review');
    else start();
  };

  const referenceRow = qr.reference ? [{ label: t('scan.pay.reference'), value: qr.reference }] : [];
  const expiryRow = qr.expiresAt
    ? [
        {
          label: t('scan.pay.expires'),
          value: timeLeft ? t('scan.pay.expiresIn', { time: timeLeft }) : t('scan.pay.expired'),
        },
      ]
    : [];
  const what = (
    <>
      <Money {...money} /> → {qr.merchant.name}
    </>
  );

  if (step === 'result' && result) {
    if (result.kind === 'refused') {
      const aboutCode = CODE_REFUSALS.includes(result.code);
      return (
        <Outcome tone="fail" title={t('scan.pay.refused')}>
          <p>
            {errorMessage(result.code, i18n.language)} {t('scan.pay.refusedText')}
          </p>
          {aboutCode ? (
            <Button block onClick={() => void navigate({ to: '/scan' })}>
              {t('scan.pay.scanAgain')}
            </Button>
          ) : (
            <Button block onClick={backToForm}>
              {CHALLENGE_DEAD.includes(result.code) ? t('scan.pay.confirm') : t('scan.pay.tryAgain')}
            </Button>
          )}
          <Button variant="secondary" block onClick={() => void navigate({ to: '/home' })}>
            {t('scan.pay.done')}
          </Button>
        </Outcome>
      );
    }
    const p = result.payment;
    return (
      <Outcome tone="ok" title={t('scan.pay.paid')}>
        <p>
          {t('scan.pay.paidText', {
            amount: formatMoney(p.amount.amount, p.amount.currency, i18n.language),
            name: p.merchant.name,
          })}
        </p>
        <Rows
          rows={[
            { label: t('scan.pay.merchant'), value: p.merchant.name },
            { label: t('scan.pay.amount'), value: <Money {...p.amount} />, strong: true },
            ...(p.reference ? [{ label: t('scan.pay.reference'), value: p.reference }] : []),
            {
              label: t('scan.pay.time'),
              value: new Intl.DateTimeFormat(i18n.language, {
                dateStyle: 'medium',
                timeStyle: 'short',
              }).format(new Date(p.createdAt)),
            },
            { label: t('scan.pay.id'), value: <span className="yb-small">{p.id}</span> },
          ]}
        />
        <Button block onClick={() => void navigate({ to: '/home' })}>
          {t('scan.pay.done')}
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

  if (step === 'review') {
    return (
      <Card title={t('scan.pay.checkTitle')}>
        <div className="yb-stack">
          <p className="yb-check">{t('scan.pay.elderCheck')}</p>
          <Rows
            rows={[
              { label: t('scan.pay.merchant'), value: qr.merchant.name },
              { label: t('scan.pay.category'), value: category },
              ...referenceRow,
              { label: t('scan.pay.amount'), value: <Money {...money} />, strong: true },
              { label: t('scan.pay.fee'), value: t('scan.pay.noFee') },
            ]}
          />
          <Button block disabled={busy} onClick={start}>
            {busy ? t('scan.pay.paying') : t('scan.pay.confirm')}
          </Button>
          <Button variant="secondary" block disabled={busy} onClick={() => setStep('form')}>
            {qr.fixedAmount ? t('scan.pay.back') : t('scan.pay.edit')}
          </Button>
          <p className="yb-muted yb-small">{t('scan.pay.safety')}</p>
        </div>
      </Card>
    );
  }

  return (
    <Card>
      <form className="yb-stack" onSubmit={submit} noValidate>
        <div className="yb-pay-merchant">
          <h2 className="yb-pay-merchant-name">{qr.merchant.name}</h2>
          <span className="yb-muted">{category}</span>
        </div>
        {qr.fixedAmount && qr.amount ? (
          <p className="yb-pay-amount">
            <Money {...qr.amount} />
          </p>
        ) : (
          <TextField
            label={t('scan.pay.amountField')}
            hint={t('scan.pay.amountHint')}
            error={amountError}
            inputMode="decimal"
            autoComplete="off"
            maxLength={16}
            value={amount}
            onChange={(e) => setAmount(e.target.value.replace(/[^\d.]/g, ''))}
            onBlur={() => setTouched((s) => s || !!amount)}
          />
        )}
        <Rows
          rows={[...referenceRow, ...expiryRow, { label: t('scan.pay.fee'), value: t('scan.pay.noFee') }]}
        />
        <Button type="submit" block disabled={busy}>
          {elder ? t('scan.pay.next') : busy ? t('scan.pay.paying') : t('scan.pay.confirm')}
        </Button>
        <p className="yb-muted yb-small">{t('scan.pay.safety')}</p>
      </form>
    </Card>
  );
}
