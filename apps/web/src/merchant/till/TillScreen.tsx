import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, TextField } from '../../design/components.tsx';
import { CameraScanner } from '../../features/scan/CameraScanner.tsx';
import { preloadDecoder } from '../../features/scan/decode.ts';
import '../../features/scan/scan.css';
import { Problem, usePortalParams } from '../ui.tsx';
import { type PosPayment, tillApi } from './api.ts';
import { RecentSales, SaleResult, useRecentSales } from './TillResult.tsx';
import { generatedReference, payCodeOf, referenceOk, tillAmount } from './till.ts';
import './till.css';

/** One try at a sale: the key and reference stay the same when it is sent again after a network error. */
type Attempt = { key: string; code: string; amount: string; typedReference: string; reference: string };

/** Codes the till words for the cashier (the customer's own words speak to the payer). */
const TILL_WORDS = new Set([
  'PAY_CODE_INVALID',
  'PAY_CODE_LIMIT_EXCEEDED',
  'PAY_CODE_DAILY_LIMIT_EXCEEDED',
  'INSUFFICIENT_FUNDS',
  'WALLET_FROZEN',
  'SINGLE_LIMIT_EXCEEDED',
  'DAILY_LIMIT_EXCEEDED',
  'ANNUAL_LIMIT_EXCEEDED',
  'PAYMENT_DENIED',
  'REFERENCE_CONFLICT',
  'MERCHANT_CANNOT_RECEIVE',
  'INVALID_AMOUNT',
]);

/**
 * The cashier's till (owners and cashiers, phone first): the amount, an optional reference, then the
 * customer's payment code — typed, from a USB barcode scanner (it types and presses Enter) or read by
 * the camera. Above the confirmation threshold the customer confirms on the phone while this screen
 * counts down and polls.
 */
export function TillScreen() {
  const { t } = useTranslation();
  const { merchantId } = usePortalParams();
  const form = useRef<HTMLFormElement>(null);
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const [code, setCode] = useState('');
  const [shown, setShown] = useState(false);
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [payment, setPayment] = useState<PosPayment | null>(null);
  const [sale, setSale] = useState(0);
  const [notACode, setNotACode] = useState(false);
  /** The camera is mounted on the cashier's tap (after the amount): it opens at once when allowed. */
  const [camera, setCamera] = useState(false);
  const recent = useRecentSales(merchantId);

  useEffect(preloadDecoder, []);

  const take = useMutation({
    mutationFn: (a: Attempt) => tillApi.take(merchantId, a.key, a),
    onSuccess: (p) => {
      setAttempt(null);
      setPayment(p);
      recent.record(p);
    },
    onError: (e) => {
      // Only a network error keeps the attempt (same key and reference on the retry).
      if ((e as { code?: string }).code !== 'NETWORK_ERROR') setAttempt(null);
    },
  });

  // While the customer confirms on the phone: poll every 2 s until it is decided.
  const waiting = payment?.status === 'awaiting_customer' || payment?.status === 'processing';
  const polled = useQuery({
    queryKey: ['merchant', merchantId, 'pos-payment', payment?.id],
    queryFn: () => tillApi.get(merchantId, payment!.id),
    enabled: waiting,
    refetchInterval: waiting ? 2000 : false,
    gcTime: 0,
  });
  useEffect(() => {
    if (polled.data && polled.data.id === payment?.id && polled.data.status !== payment.status) {
      setPayment(polled.data);
      recent.record(polled.data);
    }
  }, [polled.data, payment, recent.record]);

  const amountValue = tillAmount(amount);
  const codeValue = payCodeOf(code);
  const amountError = amountValue ? null : t('till.amountInvalid');
  const referenceError =
    reference.trim() && !referenceOk(reference.trim()) ? t('till.referenceInvalid') : null;
  const codeError = codeValue ? null : t('till.codeInvalid');

  const send = (typedCode: string) => {
    setShown(true);
    const c = payCodeOf(typedCode);
    if (!amountValue || referenceError || !c || take.isPending) return;
    const typedReference = reference.trim();
    const same =
      attempt &&
      attempt.code === c &&
      attempt.amount === amountValue &&
      attempt.typedReference === typedReference;
    const a: Attempt = same
      ? attempt
      : {
          key: crypto.randomUUID(),
          code: c,
          amount: amountValue,
          typedReference,
          reference: typedReference || generatedReference(),
        };
    setAttempt(a);
    take.mutate(a);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send(code);
  };
  const field = (name: string) => form.current?.querySelector<HTMLInputElement>(`input[name="${name}"]`);
  /** Enter in the amount or reference goes on to the code (a scanner's Enter in the code submits). */
  const onward = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter' || codeValue) return;
    e.preventDefault();
    field('code')?.focus();
  };
  const nextSale = () => {
    setPayment(null);
    setAttempt(null);
    setAmount('');
    setReference('');
    setCode('');
    setShown(false);
    setNotACode(false);
    setCamera(false);
    take.reset();
    setSale((n) => n + 1);
    setTimeout(() => field('amount')?.focus(), 0);
  };

  const refusal = take.error as { code?: string } | null;
  const networkError = refusal?.code === 'NETWORK_ERROR';
  return (
    <>
      <h1>{t('till.title')}</h1>
      {payment ? (
        <SaleResult payment={payment} onNext={nextSale} />
      ) : (
        <Card>
          <form ref={form} className="yb-stack till-form" onSubmit={submit} noValidate>
            <p className="yb-muted">{t('till.intro')}</p>
            <TextField
              name="amount"
              label={t('till.amount')}
              hint={t('till.amountHint')}
              className="till-amount"
              inputMode="decimal"
              autoComplete="off"
              autoFocus
              maxLength={16}
              value={amount}
              error={shown ? amountError : null}
              onKeyDown={onward}
              onChange={(e) => setAmount(e.target.value)}
            />
            <TextField
              name="reference"
              label={t('till.reference')}
              hint={t('till.referenceHint')}
              autoComplete="off"
              maxLength={64}
              value={reference}
              error={shown ? referenceError : null}
              onKeyDown={onward}
              onChange={(e) => setReference(e.target.value)}
            />
            <TextField
              name="code"
              label={t('till.code')}
              hint={t('till.codeHint')}
              className="till-code"
              inputMode="numeric"
              autoComplete="off"
              maxLength={32}
              value={code}
              error={shown ? codeError : null}
              onChange={(e) => setCode(e.target.value)}
            />
            {refusal && !networkError ? (
              <div className="till-refused">
                <strong>{t('till.refusedTitle')}</strong>
                {refusal.code && TILL_WORDS.has(refusal.code) ? (
                  <Alert>{t(`till.refused.${refusal.code}`)}</Alert>
                ) : (
                  <Problem error={refusal} />
                )}
              </div>
            ) : null}
            {networkError ? <Alert>{t('till.retry')}</Alert> : null}
            <Button type="submit" block className="till-submit" disabled={take.isPending}>
              {take.isPending
                ? t('till.submitting')
                : networkError
                  ? t('till.retryButton')
                  : t('till.submit')}
            </Button>
          </form>
          <div className="till-camera">
            {notACode ? <Alert>{t('till.scanNotCode')}</Alert> : null}
            {camera ? (
              <CameraScanner
                key={sale}
                onText={(text) => {
                  const c = payCodeOf(text);
                  setNotACode(!c);
                  setCamera(false);
                  if (!c) return;
                  setCode(c);
                  send(c);
                }}
              />
            ) : (
              <Button variant="secondary" block onClick={() => setCamera(true)}>
                {t('till.scan')}
              </Button>
            )}
          </div>
        </Card>
      )}
      <RecentSales items={recent.items} />
    </>
  );
}
