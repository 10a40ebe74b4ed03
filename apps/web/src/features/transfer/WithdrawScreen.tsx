import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api.ts';
import { bankName } from '../../bank-names.ts';
import { Alert, Button, Card, Money, TextField } from '../../design/components.tsx';
import { formatMoney } from '../../design/money.ts';
import { errorMessage } from '../../errors.ts';
import { Screen } from '../../screens/Layout.tsx';
import { currentSession } from '../../session.ts';
import {
  CHALLENGE_DEAD,
  type Challenge,
  paymentFailure,
  StepUp,
  type StepUpProof,
} from '../step-up/StepUp.tsx';
import { type BankCard, type CardOperation, transferApi } from './api.ts';
import { amountProblem, normalAmount } from './money-input.ts';
import { Outcome, Rows, useElder } from './parts.tsx';

type Step = 'form' | 'review' | 'confirm' | 'result';
const CURRENCY = 'CNY';

/** Withdraw to a linked card: pick the card, the amount, check, confirm when asked, then watch it finish. */
export function WithdrawScreen() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const elder = useElder();
  const token = currentSession()?.token ?? '';
  const me = useQuery({ queryKey: ['me', token], queryFn: () => api.me(token), enabled: !!token });
  const walletId = me.data?.walletId;
  const wallet = useQuery({
    queryKey: ['wallet', walletId],
    queryFn: () => api.wallet(token, walletId!),
    enabled: !!walletId,
  });
  const cards = useQuery({ queryKey: ['cards'], queryFn: transferApi.cards });
  const active = (cards.data ?? []).filter((c) => c.status === 'active');

  const [cardId, setCardId] = useState<string | null>(null);
  const [amount, setAmount] = useState('');
  const [touched, setTouched] = useState(false);
  const [step, setStep] = useState<Step>('form');
  const [stepUp, setStepUp] = useState<{ challenge: Challenge; reasons: string[] } | null>(null);
  const [stepUpError, setStepUpError] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [operation, setOperation] = useState<CardOperation | null>(null);
  const key = useRef(crypto.randomUUID());
  const newKey = () => {
    key.current = crypto.randomUUID();
  };

  // The first card is chosen for the customer; with several, they pick.
  useEffect(() => {
    if (!cardId && active.length) setCardId(active[0]!.id);
  }, [cardId, active]);

  const card = active.find((c) => c.id === cardId) ?? null;
  const issue = amountProblem(amount);
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
  const money = { amount: issue ? '0' : normalAmount(amount), currency: CURRENCY };
  const cardLabel = (c: BankCard) =>
    t('transfer.withdraw.cardLabel', { bank: bankName(c.bankName, i18n.language), last4: c.last4 });
  const balance = wallet.data?.balances.find((b) => b.currency === CURRENCY);

  const send = useMutation({
    mutationFn: (proof?: StepUpProof) =>
      transferApi.withdraw(key.current, {
        cardId: card!.id,
        amount: money,
        ...(proof ? { stepUp: proof } : {}),
      }),
    onSuccess: (op) => {
      setOperation(op);
      setStep('result');
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
        setRefused(f.code);
        setStep('result');
      }
    },
  });

  // Poll the withdrawal until the card network has answered.
  const polled = useQuery({
    queryKey: ['withdrawal', operation?.id],
    queryFn: () => transferApi.withdrawal(operation!.id),
    enabled: !!operation,
    initialData: operation ?? undefined,
    refetchInterval: (q) => (q.state.data?.status === 'pending' ? 1000 : false),
  });
  const op = polled.data ?? operation;
  useEffect(() => {
    if (op && op.status !== 'pending') {
      void queryClient.invalidateQueries({ queryKey: ['wallet'] });
    }
  }, [op?.status, op, queryClient]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!card || issue) return;
    newKey();
    setStep('review');
  };

  const restart = () => {
    newKey();
    send.reset();
    setStepUp(null);
    setStepUpError(null);
    setRefused(null);
    setOperation(null);
    setStep('form');
  };

  return (
    <Screen title={t('transfer.withdraw.title')} back="/home">
      {cards.error ? (
        <Alert>
          {errorMessage(cards.error instanceof ApiError ? cards.error.code : undefined, i18n.language)}
        </Alert>
      ) : null}

      {step === 'form' ? (
        cards.isPending ? (
          <p className="yb-muted">{t('common.loading')}</p>
        ) : active.length === 0 && !cards.error ? (
          <Card>
            <div className="yb-stack">
              <p>{t('transfer.withdraw.noCards')}</p>
              <Link to="/cards/new" className="yb-button" data-variant="primary" data-block="">
                {t('transfer.withdraw.bindCard')}
              </Link>
            </div>
          </Card>
        ) : (
          <Card>
            <form className="yb-stack" onSubmit={submit} noValidate>
              <p className="yb-muted yb-small">{t('transfer.withdraw.intro')}</p>
              <fieldset className="yb-choices">
                <legend>{t('transfer.withdraw.card')}</legend>
                {active.map((c) => (
                  <label key={c.id} className="yb-choice" data-checked={c.id === cardId ? '' : undefined}>
                    <input
                      type="radio"
                      name="withdraw-card"
                      checked={c.id === cardId}
                      onChange={() => setCardId(c.id)}
                    />
                    <span>{cardLabel(c)}</span>
                  </label>
                ))}
              </fieldset>
              {touched && !card ? <Alert>{t('transfer.withdraw.cardRequired')}</Alert> : null}
              <TextField
                label={t('transfer.amount')}
                hint={
                  balance
                    ? t('transfer.withdraw.available', {
                        amount: formatMoney(balance.available, CURRENCY, i18n.language),
                      })
                    : t('transfer.amountHint')
                }
                error={amountError}
                inputMode="decimal"
                autoComplete="off"
                maxLength={16}
                value={amount}
                onChange={(e) => setAmount(e.target.value.replace(/[^\d.]/g, ''))}
                onBlur={() => setTouched(!!amount || touched)}
              />
              <Button type="submit" block>
                {t('transfer.review')}
              </Button>
            </form>
          </Card>
        )
      ) : null}

      {step === 'review' && card ? (
        <Card title={t('transfer.checkTitle')}>
          <div className="yb-stack">
            {elder ? <p className="yb-check">{t('transfer.elderCheck')}</p> : null}
            <Rows
              rows={[
                { label: t('transfer.withdraw.to'), value: cardLabel(card) },
                {
                  label: t('transfer.amount'),
                  value: <Money amount={money.amount} currency={CURRENCY} />,
                  strong: true,
                },
                { label: t('transfer.fee'), value: t('transfer.noFee') },
              ]}
            />
            <Button block disabled={send.isPending} onClick={() => send.mutate(undefined)}>
              {send.isPending ? t('transfer.withdraw.working') : t('transfer.withdraw.confirm')}
            </Button>
            <Button variant="secondary" block disabled={send.isPending} onClick={() => setStep('form')}>
              {t('transfer.edit')}
            </Button>
          </div>
        </Card>
      ) : null}

      {step === 'confirm' && stepUp && card ? (
        <StepUp
          challenge={stepUp.challenge}
          reasons={stepUp.reasons}
          what={
            <>
              <Money amount={money.amount} currency={CURRENCY} /> → {cardLabel(card)}
            </>
          }
          busy={send.isPending}
          error={stepUpError}
          onConfirm={(proof) => {
            setStepUpError(null);
            send.mutate(proof);
          }}
          onCancel={() => {
            newKey();
            setStepUp(null);
            setStep('review');
          }}
          onRestart={() => {
            newKey();
            setStepUp(null);
            setStep('review');
          }}
        />
      ) : null}

      {step === 'result' && refused ? (
        <Outcome tone="fail" title={t('transfer.withdraw.declined')}>
          <p>
            {errorMessage(refused, i18n.language)} {t('transfer.refusedText')}
          </p>
          <Button
            block
            onClick={() => {
              restart();
              // A dead confirmation: the same withdrawal may simply be checked and sent again.
              if (CHALLENGE_DEAD.includes(refused)) setStep('review');
            }}
          >
            {t('transfer.tryAgain')}
          </Button>
          <Button variant="secondary" block onClick={() => void navigate({ to: '/home' })}>
            {t('transfer.done')}
          </Button>
        </Outcome>
      ) : null}

      {step === 'result' && op ? (
        <WithdrawalOutcome
          op={op}
          lang={i18n.language}
          onHome={() => void navigate({ to: '/home' })}
          onAgain={restart}
        />
      ) : null}
    </Screen>
  );
}

function WithdrawalOutcome({
  op,
  lang,
  onHome,
  onAgain,
}: {
  op: CardOperation;
  lang: string;
  onHome: () => void;
  onAgain: () => void;
}) {
  const { t } = useTranslation();
  const vars = { amount: formatMoney(op.amount.amount, op.amount.currency, lang), last4: op.card.last4 };
  const [tone, title, text] =
    op.status === 'pending'
      ? (['wait', t('transfer.withdraw.pending'), t('transfer.withdraw.pendingText', vars)] as const)
      : op.status === 'succeeded'
        ? (['ok', t('transfer.withdraw.succeeded'), t('transfer.withdraw.succeededText', vars)] as const)
        : op.status === 'declined'
          ? (['fail', t('transfer.withdraw.declined'), t('transfer.withdraw.declinedText')] as const)
          : (['fail', t('transfer.withdraw.timedOut'), t('transfer.withdraw.timedOutText')] as const);
  const reason =
    op.status === 'declined' && op.declineReason
      ? t(`transfer.withdraw.reasons.${op.declineReason}`, { defaultValue: '' })
      : '';
  return (
    <Outcome key={op.status} tone={tone} title={title}>
      <p role="status">
        {text} {reason}
      </p>
      <Rows
        rows={[
          { label: t('transfer.amount'), value: <Money {...op.amount} />, strong: true },
          { label: t('transfer.withdraw.to'), value: `**** ${op.card.last4}` },
          {
            label: t('transfer.time'),
            value: new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(
              new Date(op.createdAt),
            ),
          },
          { label: t('transfer.reference'), value: <span className="yb-small">{op.id}</span> },
        ]}
      />
      <Button block onClick={onHome}>
        {t('transfer.done')}
      </Button>
      {op.status === 'declined' || op.status === 'timed_out' ? (
        <Button variant="secondary" block onClick={onAgain}>
          {t('transfer.tryAgain')}
        </Button>
      ) : null}
    </Outcome>
  );
}
