import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Money } from '../../design/components.tsx';
import { type Challenge, paymentFailure, StepUp, type StepUpProof } from '../step-up/StepUp.tsx';
import { Rows } from '../transfer/parts.tsx';
import { type PosPayment, payCodeApi } from './api.ts';

export type SheetResult =
  | { kind: 'paid'; payment: PosPayment }
  | { kind: 'declined' }
  | { kind: 'refused'; code: string };

/** Seconds until `iso` (ticking), for the sheet's "time left". */
function useSecondsLeft(iso: string | null) {
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, []);
  return iso ? Math.max(0, Math.ceil((Date.parse(iso) - Date.now()) / 1000)) : null;
}

/**
 * A payment waiting at a shop's till for this customer (above the no-confirmation amount, or asked by
 * the checks): who and how much, confirm (with the step-up panel when the API asks) or decline.
 */
export function ConfirmSheet({
  payment,
  onDone,
}: {
  payment: PosPayment;
  onDone: (result: SheetResult) => void;
}) {
  const { t, i18n } = useTranslation();
  // One key for this payment: the retry after the confirmation sends the same one.
  const key = useRef(crypto.randomUUID());
  const [stepUp, setStepUp] = useState<{ challenge: Challenge; reasons: string[] } | null>(null);
  const [stepUpError, setStepUpError] = useState<string | null>(null);
  const left = useSecondsLeft(payment.expiresAt);

  const confirm = useMutation({
    mutationFn: (proof?: StepUpProof) => payCodeApi.confirm(payment.id, key.current, proof),
    onSuccess: (p) => onDone({ kind: 'paid', payment: p }),
    onError: (err, proof) => {
      const f = paymentFailure(err, !!proof, t, i18n.language);
      if (f.kind === 'step_up') {
        setStepUp(f.asked);
        setStepUpError(null);
      } else if (f.kind === 'step_up_failed') setStepUpError(f.words);
      else onDone({ kind: 'refused', code: f.code });
    },
  });
  const decline = useMutation({
    mutationFn: () => payCodeApi.decline(payment.id),
    onSuccess: () => onDone({ kind: 'declined' }),
    onError: (err) => onDone({ kind: 'refused', code: (err as { code?: string }).code ?? 'UNKNOWN' }),
  });
  const busy = confirm.isPending || decline.isPending;

  if (stepUp)
    return (
      <StepUp
        challenge={stepUp.challenge}
        reasons={stepUp.reasons}
        what={
          <>
            <Money {...payment.amount} /> → {payment.merchant.name}
          </>
        }
        busy={confirm.isPending}
        error={stepUpError}
        onConfirm={(proof) => {
          setStepUpError(null);
          confirm.mutate(proof);
        }}
        onCancel={() => decline.mutate()}
        onRestart={() => {
          key.current = crypto.randomUUID();
          setStepUp(null);
          confirm.reset();
        }}
      />
    );

  return (
    <section className="yb-card paycode-sheet" aria-labelledby="paycode-sheet-title">
      <div className="yb-stack">
        <h2 id="paycode-sheet-title" tabIndex={-1} ref={(el) => el?.focus()}>
          {t('paycode.confirm.title')}
        </h2>
        <p className="yb-small">{t('paycode.confirm.intro')}</p>
        <p className="paycode-sheet-amount">
          <Money {...payment.amount} />
        </p>
        <Rows
          rows={[
            { label: t('paycode.confirm.merchant'), value: payment.merchant.name },
            { label: t('paycode.confirm.reference'), value: payment.reference },
            ...(left !== null
              ? [
                  {
                    label: t('paycode.confirm.expires'),
                    value: t('paycode.confirm.expiresIn', { seconds: left }),
                  },
                ]
              : []),
          ]}
        />
        <Button block disabled={busy} onClick={() => confirm.mutate(undefined)}>
          {confirm.isPending ? t('paycode.confirm.paying') : t('paycode.confirm.pay')}
        </Button>
        <Button variant="secondary" block disabled={busy} onClick={() => decline.mutate()}>
          {decline.isPending ? t('paycode.confirm.declining') : t('paycode.confirm.decline')}
        </Button>
        <p className="yb-muted yb-small">{t('paycode.confirm.notMe')}</p>
      </div>
    </section>
  );
}
