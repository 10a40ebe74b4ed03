import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api.ts';
import { Alert, Button, Card, Money } from '../../design/components.tsx';
import { formatMoney } from '../../design/money.ts';
import { errorMessage } from '../../errors.ts';
import { Screen } from '../../screens/Layout.tsx';
import { currentSession } from '../../session.ts';
import { Outcome, Rows } from '../transfer/parts.tsx';
import { type PayCode, payCodeApi, usePendingPayments } from './api.ts';
import { ConfirmSheet, type SheetResult } from './ConfirmSheet.tsx';
import { PayBarcode, PayQr } from './code-view.tsx';
import { groupedCode } from './number.ts';
import './paycode.css';

/** A code is replaced this many ms before it expires, so the one shown always still pays. */
const RENEW_BEFORE_MS = 3000;
const POLL_MS = 2000;

type Receipt = { merchant: string; amount: { amount: string; currency: string }; at: string };
type View = { kind: 'code' } | { kind: 'receipt'; receipt: Receipt } | { kind: 'ended'; result: SheetResult };

/** Seconds until `iso`, ticking every second (0 when past). */
function useSecondsLeft(iso: string | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!iso) return 0;
  // A code lives 60 s: a clock a little behind the server's must not show more.
  return Math.min(60, Math.max(0, Math.ceil((Date.parse(iso) - now) / 1000)));
}

/**
 * 付款码: a one-time code (QR, Code 128 barcode, the number with its middle hidden) that a shop's till
 * scans, replaced every minute, on "refresh" and when the page is shown again. While it is open the
 * screen asks every 2 s whether a till waits for this customer's confirmation (a sheet: confirm with
 * the step-up when asked, or decline), and watches the wallet's newest lines to show the receipt of a
 * payment the shown code made.
 */
export function PayCodeScreen() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const token = currentSession()?.token ?? '';
  const me = useQuery({ queryKey: ['me', token], queryFn: () => api.me(token), enabled: !!token });
  const walletId = me.data?.walletId;
  const [code, setCode] = useState<PayCode | null>(null);
  const [shown, setShown] = useState(false);
  const [view, setView] = useState<View>({ kind: 'code' });
  // Payments made since this instant (server time) with a code of this screen are this screen's.
  const since = useRef<number | null>(null);
  const seen = useRef(new Set<string>());

  const issue = useMutation({
    mutationFn: payCodeApi.issue,
    onSuccess: (c) => {
      setCode(c);
      setShown(false);
      since.current ??= Date.parse(c.expiresAt) - 60_000;
    },
  });
  const renew = useCallback(() => {
    if (!issue.isPending) issue.mutate();
  }, [issue]);

  // The first code, and a fresh one whenever the page comes back into view.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once on open
  useEffect(() => {
    issue.mutate();
    const onVisible = () => {
      if (document.visibilityState === 'visible') issue.mutate();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, []);

  const left = useSecondsLeft(code?.expiresAt);
  // A fresh code every minute (just before the shown one expires).
  useEffect(() => {
    if (!code || view.kind !== 'code') return;
    const wait = Math.max(0, Date.parse(code.expiresAt) - Date.now() - RENEW_BEFORE_MS);
    const timer = setTimeout(() => issue.mutate(), wait);
    return () => clearTimeout(timer);
  }, [code, view.kind, issue.mutate]);

  const pending = usePendingPayments(POLL_MS);
  const waiting = pending.data?.items.find(
    (p) => p.status === 'awaiting_customer' && !seen.current.has(p.id),
  );

  // The cheapest robust sign that the shown code paid: a new outgoing line in the wallet's history (the
  // payment's transfer), written with the money. Notifications come later, through the outbox.
  const latest = useQuery({
    queryKey: ['paycode', 'latest', walletId],
    queryFn: () => payCodeApi.latest(walletId!),
    enabled: !!walletId && view.kind === 'code' && !!code,
    refetchInterval: POLL_MS,
    retry: false,
  });
  useEffect(() => {
    const start = since.current;
    if (!latest.data || start === null || view.kind !== 'code') return;
    const paid = latest.data.find(
      (l) =>
        l.kind === 'other' &&
        l.direction === 'out' &&
        l.status === 'completed' &&
        !l.counterparty.walletId &&
        Date.parse(l.createdAt) >= start &&
        !seen.current.has(l.id),
    );
    if (!paid) return;
    seen.current.add(paid.id);
    since.current = Date.parse(paid.createdAt);
    setView({
      kind: 'receipt',
      receipt: { merchant: paid.counterparty.name ?? '', amount: paid.amount, at: paid.createdAt },
    });
    void queryClient.invalidateQueries({ queryKey: ['wallet'] });
  }, [latest.data, view.kind, queryClient]);

  // After a payment (or a decline) the shown code is used up: a fresh one, hidden again.
  const backToCode = () => {
    setCode(null);
    setView({ kind: 'code' });
    issue.mutate();
  };

  // A till waiting for this customer comes first, whatever the screen shows.
  if (waiting) {
    return (
      <Screen title={t('paycode.title')}>
        <ConfirmSheet
          key={waiting.id}
          payment={waiting}
          onDone={(result) => {
            seen.current.add(waiting.id);
            void queryClient.invalidateQueries({ queryKey: ['pos-payments'] });
            void queryClient.invalidateQueries({ queryKey: ['wallet'] });
            setView({ kind: 'ended', result });
          }}
        />
      </Screen>
    );
  }

  if (view.kind === 'receipt') {
    const r = view.receipt;
    return (
      <Screen title={t('paycode.title')}>
        <Outcome tone="ok" title={t('paycode.paid')}>
          <p>
            {t('paycode.paidText', {
              amount: formatMoney(r.amount.amount, r.amount.currency, i18n.language),
              name: r.merchant,
            })}
          </p>
          <Rows
            rows={[
              { label: t('paycode.confirm.merchant'), value: r.merchant },
              { label: t('paycode.confirm.amount'), value: <Money {...r.amount} />, strong: true },
              {
                label: t('paycode.time'),
                value: new Intl.DateTimeFormat(i18n.language, {
                  dateStyle: 'medium',
                  timeStyle: 'short',
                }).format(new Date(r.at)),
              },
            ]}
          />
          <Button block onClick={backToCode}>
            {t('paycode.newCode')}
          </Button>
          <Link to="/home" className="yb-button" data-variant="secondary" data-block="">
            {t('paycode.done')}
          </Link>
        </Outcome>
      </Screen>
    );
  }

  if (view.kind === 'ended') {
    return (
      <Screen title={t('paycode.title')}>
        <Ended result={view.result} onNewCode={backToCode} />
      </Screen>
    );
  }

  const failure = issue.error instanceof ApiError ? issue.error.code : issue.error ? 'UNKNOWN' : null;
  return (
    <Screen title={t('paycode.title')}>
      {failure && !code ? (
        <Card title={t('paycode.cannotShow')}>
          <div className="yb-stack">
            <Alert>{errorMessage(failure, i18n.language)}</Alert>
            <Button block onClick={renew} disabled={issue.isPending}>
              {t('paycode.tryAgain')}
            </Button>
            {failure === 'WALLET_FROZEN' ? (
              <Link to="/security" className="yb-button" data-variant="secondary" data-block="">
                {t('paycode.toSecurity')}
              </Link>
            ) : null}
          </div>
        </Card>
      ) : !code ? (
        <p aria-live="polite">{t('paycode.loading')}</p>
      ) : (
        <Card>
          <div className="paycode-card">
            <p className="yb-small">{t('paycode.intro')}</p>
            <PayBarcode text={code.barcodeText} />
            <div className="paycode-row">
              <p className="paycode-number" data-testid="paycode-number">
                <span className="yb-visually-hidden">{t('paycode.number')}: </span>
                {groupedCode(code.code, shown)}
              </p>
              <Button variant="ghost" onClick={() => setShown((s) => !s)} aria-pressed={shown}>
                {shown ? t('paycode.hideNumber') : t('paycode.showNumber')}
              </Button>
            </div>
            <PayQr text={code.barcodeText} />
            <p className="yb-muted yb-small" aria-live="off">
              {t('paycode.expiresIn', { seconds: left })}
            </p>
            <Button variant="secondary" onClick={renew} disabled={issue.isPending}>
              {issue.isPending ? t('paycode.refreshing') : t('paycode.refresh')}
            </Button>
            {failure ? <Alert>{errorMessage(failure, i18n.language)}</Alert> : null}
            <p className="yb-small">
              {t('paycode.limit', {
                amount: formatMoney(code.perCodeLimit.amount, code.perCodeLimit.currency, i18n.language),
              })}
            </p>
            <p className="yb-muted yb-small">{t('paycode.private')}</p>
          </div>
        </Card>
      )}
    </Screen>
  );
}

/** After the confirm sheet: paid (the receipt), declined, or refused with plain words. */
function Ended({ result, onNewCode }: { result: SheetResult; onNewCode: () => void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const done = (
    <Button variant="secondary" block onClick={() => void navigate({ to: '/home' })}>
      {t('paycode.done')}
    </Button>
  );
  const again = (
    <Button block onClick={onNewCode}>
      {t('paycode.newCode')}
    </Button>
  );
  if (result.kind === 'declined')
    return (
      <Outcome tone="fail" title={t('paycode.declined')}>
        <p>{t('paycode.declinedText')}</p>
        {again}
        {done}
      </Outcome>
    );
  if (result.kind === 'refused')
    return (
      <Outcome tone="fail" title={t('paycode.refused')}>
        <p>
          {errorMessage(result.code, i18n.language)} {t('paycode.refusedText')}
        </p>
        {again}
        {done}
      </Outcome>
    );
  const p = result.payment;
  return (
    <Outcome tone="ok" title={t('paycode.paid')}>
      <p>
        {t('paycode.paidText', {
          amount: formatMoney(p.amount.amount, p.amount.currency, i18n.language),
          name: p.merchant.name,
        })}
      </p>
      <Rows
        rows={[
          { label: t('paycode.confirm.merchant'), value: p.merchant.name },
          { label: t('paycode.confirm.amount'), value: <Money {...p.amount} />, strong: true },
          { label: t('paycode.confirm.reference'), value: p.reference },
        ]}
      />
      {again}
      {done}
    </Outcome>
  );
}
