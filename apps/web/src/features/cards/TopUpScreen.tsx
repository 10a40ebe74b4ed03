import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { Alert, Button, Card, Money, TextField } from '../../design/components.tsx';
import { formatMoney } from '../../design/money.ts';
import { errorMessage } from '../../errors.ts';
import { Screen } from '../../screens/Layout.tsx';
import { currentSession } from '../../session.ts';
import { type Challenge, challengeOf, StepUp, type StepUpProof } from '../step-up/StepUp.tsx';
import { amountOk, type CardOperation, cardsApi } from './api.ts';
import { CARDS_KEY, cardTitle, codeOf } from './CardsScreen.tsx';
import './cards.css';

type Step = 'form' | 'review' | 'result';

/**
 * Top-up: choose a card and an amount, check them, confirm (a step-up when the API asks for one),
 * then wait for the card network's answer (polling the operation) and show the new balance.
 */
export function TopUpScreen() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const cards = useQuery({ queryKey: CARDS_KEY, queryFn: cardsApi.list });
  const active = cards.data?.filter((c) => c.status === 'active') ?? [];
  const [step, setStep] = useState<Step>('form');
  const [cardId, setCardId] = useState('');
  const [amount, setAmount] = useState('');
  const [touched, setTouched] = useState(false);
  // One key per confirmed top-up: a retry (or the step-up's second request) cannot pay twice.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [operation, setOperation] = useState<CardOperation | null>(null);

  const chosen = active.find((c) => c.id === cardId) ?? active[0];
  const cleanAmount = amount.trim();
  const amountError = !touched
    ? null
    : !cleanAmount
      ? t('cards.topup.amountRequired')
      : !amountOk(cleanAmount)
        ? t('cards.topup.amountInvalid')
        : null;

  const topUp = useMutation({
    mutationFn: (stepUp?: StepUpProof) =>
      cardsApi.topUp({ cardId: chosen!.id, amount: normalise(cleanAmount), stepUp }, key),
    onSuccess: (op) => {
      setChallenge(null);
      setOperation(op);
      setStep('result');
    },
    onError: (e) => {
      const c = challengeOf(e);
      if (c) setChallenge(c.challenge);
    },
  });

  const status = useQuery({
    queryKey: ['topup', operation?.id],
    queryFn: () => cardsApi.topUpStatus(operation!.id),
    enabled: !!operation,
    initialData: operation ?? undefined,
    refetchInterval: (q) => (q.state.data?.status === 'pending' ? 1000 : false),
  });
  const op = status.data ?? operation;
  const settled = op && op.status !== 'pending';

  useEffect(() => {
    if (settled) {
      // Home and the history show the new balance and the new row.
      void queryClient.invalidateQueries({ queryKey: ['wallet'] });
      void queryClient.invalidateQueries({ queryKey: ['history'] });
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
    }
  }, [settled, queryClient]);

  const next = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!chosen || !amountOk(cleanAmount)) return;
    setKey(crypto.randomUUID());
    topUp.reset();
    setStep('review');
  };
  const again = () => {
    setOperation(null);
    setAmount('');
    setTouched(false);
    topUp.reset();
    setStep('form');
  };

  const apiError =
    topUp.error && !challengeOf(topUp.error) ? errorMessage(codeOf(topUp.error), i18n.language) : null;

  return (
    <Screen title={t('cards.topup.title')}>
      {cards.error ? <Alert>{errorMessage(codeOf(cards.error), i18n.language)}</Alert> : null}
      {cards.isPending ? <p className="yb-muted">{t('common.loading')}</p> : null}
      {cards.data && active.length === 0 ? (
        <Card>
          <div className="yb-stack">
            <p>{t('cards.topup.noCards')}</p>
            <Link to="/cards/new" className="yb-button" data-variant="primary">
              {t('cards.topup.bindFirst')}
            </Link>
          </div>
        </Card>
      ) : null}

      {step === 'form' && chosen ? (
        <Card>
          <form className="yb-stack" onSubmit={next} noValidate>
            <p className="yb-muted">{t('cards.topup.intro')}</p>
            <fieldset className="cards-choice">
              <legend>{t('cards.topup.card')}</legend>
              {active.map((c) => (
                <label key={c.id}>
                  <input
                    type="radio"
                    name="card"
                    value={c.id}
                    checked={chosen.id === c.id}
                    onChange={() => setCardId(c.id)}
                  />
                  <span>{cardTitle(c, t)}</span>
                </label>
              ))}
            </fieldset>
            <TextField
              label={t('cards.topup.amount')}
              hint={t('cards.topup.amountHint')}
              error={amountError}
              inputMode="decimal"
              autoComplete="off"
              maxLength={15}
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
            />
            <Button type="submit" block>
              {t('cards.topup.next')}
            </Button>
          </form>
        </Card>
      ) : null}

      {step === 'review' && chosen ? (
        challenge ? (
          <StepUp
            challenge={challenge}
            busy={topUp.isPending}
            error={topUp.error && !challengeOf(topUp.error) ? apiError : null}
            onConfirm={(proof) => topUp.mutate(proof)}
            onCancel={() => {
              setChallenge(null);
              topUp.reset();
              setStep('form');
            }}
          />
        ) : (
          <Card title={t('cards.topup.reviewTitle')}>
            <div className="yb-stack">
              <dl className="cards-review">
                <dt>{t('cards.topup.reviewAmount')}</dt>
                <dd>
                  <Money amount={normalise(cleanAmount)} currency="CNY" />
                </dd>
                <dt>{t('cards.topup.reviewFrom')}</dt>
                <dd>{cardTitle(chosen, t)}</dd>
                <dt>{t('cards.topup.reviewTo')}</dt>
                <dd>{t('cards.topup.reviewToWallet')}</dd>
              </dl>
              {apiError ? <Alert>{apiError}</Alert> : null}
              <Button block onClick={() => topUp.mutate(undefined)} disabled={topUp.isPending}>
                {t('cards.topup.confirm')}
              </Button>
              <Button variant="secondary" block onClick={() => setStep('form')} disabled={topUp.isPending}>
                {t('cards.topup.edit')}
              </Button>
            </div>
          </Card>
        )
      ) : null}

      {step === 'result' && op ? <Result op={op} onAgain={again} /> : null}
    </Screen>
  );
}

function Result({ op, onAgain }: { op: CardOperation; onAgain: () => void }) {
  const { t, i18n } = useTranslation();
  const shown = formatMoney(op.amount.amount, op.amount.currency, i18n.language);
  const token = currentSession()?.token ?? '';
  const me = useQuery({
    queryKey: ['me', token],
    queryFn: () => api.me(token),
    enabled: op.status === 'succeeded',
  });
  const walletId = me.data?.walletId;
  const wallet = useQuery({
    queryKey: ['wallet', walletId],
    queryFn: () => api.wallet(token, walletId!),
    enabled: !!walletId && op.status === 'succeeded',
  });
  const balance = wallet.data?.balances.find((b) => b.currency === 'CNY');
  const reason = op.declineReason
    ? t(`cards.topup.reasons.${op.declineReason}`, { defaultValue: t('cards.topup.reasons.other') })
    : null;
  return (
    <Card>
      <div className="yb-stack cards-result" data-status={op.status}>
        <span className="cards-result-icon" aria-hidden="true">
          {op.status === 'pending' ? (
            <span className="cards-spinner" />
          ) : op.status === 'succeeded' ? (
            '✓'
          ) : (
            '!'
          )}
        </span>
        <div role="status" aria-live="polite" className="yb-stack">
          {op.status === 'pending' ? (
            <>
              <h2>{t('cards.topup.pendingTitle')}</h2>
              <p>{t('cards.topup.pending')}</p>
            </>
          ) : op.status === 'succeeded' ? (
            <>
              <h2>{t('cards.topup.succeededTitle')}</h2>
              <p>{t('cards.topup.succeeded', { amount: shown })}</p>
            </>
          ) : op.status === 'declined' ? (
            <>
              <h2>{t('cards.topup.declinedTitle')}</h2>
              <p>{t('cards.topup.declined')}</p>
              {reason ? <p>{reason}</p> : null}
            </>
          ) : (
            <>
              <h2>{t('cards.topup.timedOutTitle')}</h2>
              <p>{t('cards.topup.timedOut')}</p>
            </>
          )}
        </div>
        {op.status === 'succeeded' && balance ? (
          <p>
            <span className="yb-muted">{t('cards.topup.newBalance')}</span>
            <br />
            <Money amount={balance.available} currency={balance.currency} size="lg" />
          </p>
        ) : null}
        {op.status !== 'pending' ? (
          <div className="yb-stack" style={{ alignSelf: 'stretch' }}>
            <Link to="/home" className="yb-button" data-variant="primary">
              {t('cards.topup.home')}
            </Link>
            <Link to="/history" className="yb-button" data-variant="secondary">
              {t('cards.topup.history')}
            </Link>
            <Button variant="ghost" block onClick={onAgain}>
              {t('cards.topup.again')}
            </Button>
          </div>
        ) : null}
      </div>
    </Card>
  );
}

/** "50" → "50", "50.5" → "50.5": the API takes up to two decimals; strip a trailing dot. */
const normalise = (v: string) => v.replace(/\.$/, '');
