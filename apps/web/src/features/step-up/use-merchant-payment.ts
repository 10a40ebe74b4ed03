import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Challenge, paymentFailure, type StepUpProof } from './StepUp.tsx';

export type PaymentStep = 'form' | 'review' | 'confirm' | 'result';
export type PaymentResult<P> = { kind: 'paid'; payment: P } | { kind: 'refused'; code: string };

/**
 * One payment to a merchant from a pay screen (a scanned code, a hosted checkout): the form, the
 * optional elder check step, the confirmation when the server asks for one (re-sent with the same
 * Idempotency-Key, so it is the same payment), and the result. `send` makes the request with the
 * attempt's key; `keep` names the query (by its first key) that must not be refetched after paying
 * (the code or order just paid, whose screen is still shown).
 */
export function useMerchantPayment<P>(
  send: (idempotencyKey: string, proof?: StepUpProof) => Promise<P>,
  keep: string,
) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<PaymentStep>('form');
  const [stepUp, setStepUp] = useState<{ challenge: Challenge; reasons: string[] } | null>(null);
  const [stepUpError, setStepUpError] = useState<string | null>(null);
  const [result, setResult] = useState<PaymentResult<P> | null>(null);
  // One key per payment attempt: the re-send with the confirmation uses the same one.
  const key = useRef(crypto.randomUUID());

  const pay = useMutation({
    mutationFn: (proof?: StepUpProof) => send(key.current, proof),
    onSuccess: (payment) => {
      setResult({ kind: 'paid', payment });
      setStep('result');
      // Home and the history show the new balance and line.
      void queryClient.invalidateQueries({
        predicate: (q) => q.queryKey[0] !== 'me' && q.queryKey[0] !== keep,
      });
    },
    onError: (err, proof) => {
      const f = paymentFailure(err, !!proof, t, i18n.language);
      if (f.kind === 'step_up') {
        setStepUp(f.asked);
        setStepUpError(null);
        setStep('confirm');
      } else if (f.kind === 'step_up_failed') {
        setStepUpError(f.words);
      } else {
        setResult({ kind: 'refused', code: f.code });
        setStep('result');
      }
    },
  });

  return {
    step,
    setStep,
    stepUp,
    stepUpError,
    result,
    busy: pay.isPending,
    /** A new attempt (a new key). */
    start: () => {
      key.current = crypto.randomUUID();
      pay.mutate(undefined);
    },
    /** The same attempt again, with the customer's proof. */
    confirm: (proof: StepUpProof) => {
      setStepUpError(null);
      pay.mutate(proof);
    },
    /** Back to the form: whatever was asked or answered is forgotten. */
    backToForm: () => {
      key.current = crypto.randomUUID();
      pay.reset();
      setStepUp(null);
      setStepUpError(null);
      setResult(null);
      setStep('form');
    },
  };
}
