import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, Money, TextField } from '../../design/components.tsx';
import { formatMoney } from '../../design/money.ts';
import { errorMessage } from '../../errors.ts';
import { Screen } from '../../screens/Layout.tsx';
import {
  CHALLENGE_DEAD,
  type Challenge,
  paymentFailure,
  StepUp,
  type StepUpProof,
} from '../step-up/StepUp.tsx';
import { type Payee, type TransferResult, transferApi } from './api.ts';
import { amountProblem, normalAmount, parsePayee, shortWalletId } from './money-input.ts';
import { Outcome, Rows, StepCount, useElder } from './parts.tsx';
import type { TransferSearch } from './routes.tsx';

type Step = 'form' | 'review' | 'confirm' | 'result';
type Result = { kind: 'done'; result: TransferResult } | { kind: 'refused'; code: string };

const CURRENCY = 'CNY';
/** Elder mode asks one thing per step: payee, amount, note. */
const ELDER_STEPS = 3;

/** 13800138000 → "138 0013 8000" (easier to check digit by digit). */
const groupPhone = (p: string) => `${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}`;

export function TransferScreen() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const elder = useElder();
  const search = useSearch({ strict: false }) as TransferSearch;
  const fromQr = !!search.to && !!parsePayee(search.to);

  const [payee, setPayee] = useState(search.to ?? '');
  const [amount, setAmount] = useState(search.amount ?? '');
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState({ payee: false, amount: false });
  const [elderStep, setElderStep] = useState(fromQr ? 1 : 0);
  const [step, setStep] = useState<Step>('form');
  const [stepUp, setStepUp] = useState<{ challenge: Challenge; reasons: string[] } | null>(null);
  const [stepUpError, setStepUpError] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  // One key per payment: the retry after the confirmation sends the same one, so it never pays twice.
  const key = useRef(crypto.randomUUID());
  const newKey = () => {
    key.current = crypto.randomUUID();
  };

  const to = parsePayee(payee);
  const amountIssue = amountProblem(amount);
  const payeeError = touched.payee && !to ? t('transfer.payeeInvalid') : null;
  const amountError =
    touched.amount && amountIssue
      ? t(
          amountIssue === 'required'
            ? 'transfer.amountRequired'
            : amountIssue === 'zero'
              ? 'transfer.amountZero'
              : 'transfer.amountFormat',
        )
      : null;
  const money = { amount: amountIssue ? '0' : normalAmount(amount), currency: CURRENCY };
  const payeeLabel = (p: Payee | null) =>
    !p ? '' : 'phone' in p ? groupPhone(p.phone) : t('transfer.walletNo', { id: shortWalletId(p.walletId) });

  const pay = useMutation({
    mutationFn: (proof?: StepUpProof) =>
      transferApi.send(key.current, {
        to: to!,
        amount: money,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(proof ? { stepUp: proof } : {}),
      }),
    onSuccess: (r) => {
      setResult({ kind: 'done', result: r });
      setStep('result');
      // Home and the history show the new balance and the new line.
      void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
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

  const startOver = (keep: boolean) => {
    newKey();
    pay.reset();
    setStepUp(null);
    setStepUpError(null);
    setResult(null);
    if (!keep) {
      setPayee('');
      setAmount('');
      setNote('');
      setTouched({ payee: false, amount: false });
    }
    setElderStep(0);
    setStep(keep ? 'review' : 'form');
  };

  const submitForm = (e: FormEvent) => {
    e.preventDefault();
    if (elder) {
      if (elderStep === 0) {
        setTouched((s) => ({ ...s, payee: true }));
        if (to) setElderStep(1);
        return;
      }
      if (elderStep === 1) {
        setTouched((s) => ({ ...s, amount: true }));
        if (!amountIssue) setElderStep(2);
        return;
      }
    }
    setTouched({ payee: true, amount: true });
    if (!to || amountIssue) return;
    newKey();
    setStep('review');
  };

  const what = (
    <>
      <Money amount={money.amount} currency={CURRENCY} /> → {payeeLabel(to)}
    </>
  );

  return (
    <Screen title={t('transfer.title')} back="/home">
      {step === 'form' ? (
        <Card>
          <form className="yb-stack" onSubmit={submitForm} noValidate>
            {elder ? (
              <StepCount text={t('transfer.stepOf', { step: elderStep + 1, total: ELDER_STEPS })} />
            ) : (
              <p className="yb-muted yb-small">{t('transfer.intro')}</p>
            )}
            {fromQr ? <p className="yb-small">{t('transfer.fromQr')}</p> : null}
            {!elder || elderStep === 0 ? (
              <TextField
                label={t('transfer.payee')}
                hint={t('transfer.payeeHint')}
                error={payeeError}
                inputMode={payee && /[a-f-]/i.test(payee) ? 'text' : 'tel'}
                autoComplete="off"
                maxLength={64}
                value={payee}
                onChange={(e) => setPayee(e.target.value)}
                onBlur={() => setTouched((s) => ({ ...s, payee: !!payee || s.payee }))}
              />
            ) : null}
            {!elder || elderStep === 1 ? (
              <TextField
                label={t('transfer.amount')}
                hint={t('transfer.amountHint')}
                error={amountError}
                inputMode="decimal"
                autoComplete="off"
                maxLength={16}
                value={amount}
                onChange={(e) => setAmount(e.target.value.replace(/[^\d.]/g, ''))}
                onBlur={() => setTouched((s) => ({ ...s, amount: !!amount || s.amount }))}
              />
            ) : null}
            {!elder || elderStep === 2 ? (
              <TextField
                label={t('transfer.note')}
                hint={t('transfer.noteHint')}
                maxLength={50}
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
            ) : null}
            <Button type="submit" block>
              {elder && elderStep < 2 ? t('transfer.next') : t('transfer.review')}
            </Button>
            {elder && elderStep > 0 ? (
              <Button variant="secondary" block onClick={() => setElderStep((s) => s - 1)}>
                {t('transfer.back')}
              </Button>
            ) : null}
          </form>
        </Card>
      ) : null}

      {step === 'review' ? (
        <Card title={t('transfer.checkTitle')}>
          <div className="yb-stack">
            {elder ? <p className="yb-check">{t('transfer.elderCheck')}</p> : null}
            <Rows
              rows={[
                { label: t('transfer.to'), value: payeeLabel(to) },
                {
                  label: t('transfer.amount'),
                  value: <Money amount={money.amount} currency={CURRENCY} />,
                  strong: true,
                },
                { label: t('transfer.fee'), value: t('transfer.noFee') },
                ...(note.trim() ? [{ label: t('transfer.note'), value: note.trim() }] : []),
              ]}
            />
            <Button block disabled={pay.isPending} onClick={() => pay.mutate(undefined)}>
              {pay.isPending ? t('transfer.paying') : t('transfer.confirm')}
            </Button>
            <Button
              variant="secondary"
              block
              disabled={pay.isPending}
              onClick={() => {
                setElderStep(0);
                setStep('form');
              }}
            >
              {t('transfer.edit')}
            </Button>
            <p className="yb-muted yb-small">{t('transfer.safety')}</p>
          </div>
        </Card>
      ) : null}

      {step === 'confirm' && stepUp ? (
        <StepUp
          challenge={stepUp.challenge}
          reasons={stepUp.reasons}
          what={what}
          busy={pay.isPending}
          error={stepUpError}
          onConfirm={(proof) => {
            setStepUpError(null);
            pay.mutate(proof);
          }}
          onCancel={() => {
            newKey();
            setStepUp(null);
            setStep('review');
          }}
          onRestart={() => startOver(true)}
        />
      ) : null}

      {step === 'result' && result ? (
        <TransferOutcome
          result={result}
          onHome={() => void navigate({ to: '/home' })}
          onAnother={() => startOver(false)}
          onRetry={() => {
            // A dead confirmation means the same payment may simply be started again.
            if (result.kind === 'refused' && CHALLENGE_DEAD.includes(result.code)) return startOver(true);
            newKey();
            setStep('form');
            setElderStep(0);
          }}
          lang={i18n.language}
        />
      ) : null}
    </Screen>
  );
}

function TransferOutcome({
  result,
  lang,
  onHome,
  onAnother,
  onRetry,
}: {
  result: Result;
  lang: string;
  onHome: () => void;
  onAnother: () => void;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  if (result.kind === 'refused') {
    return (
      <Outcome tone="fail" title={t('transfer.refused')}>
        <p>
          {errorMessage(result.code, lang)} {t('transfer.refusedText')}
        </p>
        <Button block onClick={onRetry}>
          {t('transfer.tryAgain')}
        </Button>
        <Button variant="secondary" block onClick={onHome}>
          {t('transfer.done')}
        </Button>
      </Outcome>
    );
  }
  const r = result.result;
  const amount = formatMoney(r.amount.amount, r.amount.currency, lang);
  const held = r.status === 'held';
  return (
    <Outcome tone={held ? 'wait' : 'ok'} title={held ? t('transfer.held') : t('transfer.paid')}>
      <p>
        {held
          ? t('transfer.heldText', { amount, name: r.to.name })
          : t('transfer.paidText', { amount, name: r.to.name })}
      </p>
      <Rows
        rows={[
          { label: t('transfer.to'), value: r.to.name },
          { label: t('transfer.amount'), value: <Money {...r.amount} />, strong: true },
          { label: t('transfer.fee'), value: t('transfer.noFee') },
          ...(r.note ? [{ label: t('transfer.note'), value: r.note }] : []),
          {
            label: t('transfer.time'),
            value: new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(
              new Date(r.createdAt),
            ),
          },
          { label: t('transfer.reference'), value: <span className="yb-small">{r.id}</span> },
        ]}
      />
      <Button block onClick={onHome}>
        {t('transfer.done')}
      </Button>
      <Button variant="secondary" block onClick={onAnother}>
        {t('transfer.another')}
      </Button>
    </Outcome>
  );
}
