import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api.ts';
import { Alert, Button, Card, Money, TextField } from '../../design/components.tsx';
import { errorMessage } from '../../errors.ts';
import { Screen } from '../../screens/Layout.tsx';
import { currentSession } from '../../session.ts';
import { type KycStatus, kycApi, type Limits } from './api.ts';
import { normaliseId, residentIdProblem } from './resident-id.ts';
import { readSelfie } from './selfie.ts';
import './kyc.css';
import { bankName } from '../../bank-names.ts';

type Figures = Pick<Limits, 'balanceCap' | 'singleLimit' | 'dailyLimit' | 'annualLimit'>;
const LIMIT_KEYS = ['balanceCap', 'singleLimit', 'dailyLimit', 'annualLimit'] as const;

/** The four limits of a tier as a definition list; null means "no limit". */
function LimitList({ limits }: { limits: Figures }) {
  const { t } = useTranslation();
  return (
    <dl className="kyc-limits">
      {LIMIT_KEYS.map((k) => {
        const v = limits[k];
        return (
          <div key={k}>
            <dt>{t(`kyc.limits.${k}`)}</dt>
            <dd>{v ? <Money amount={v.amount} currency={v.currency} /> : t('kyc.limits.none')}</dd>
          </div>
        );
      })}
    </dl>
  );
}

/** Wallet level, what the next level unlocks, and its step: identity, bank card or face check. */
export function KycScreen() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const token = currentSession()?.token ?? '';
  const me = useQuery({ queryKey: ['me', token], queryFn: () => api.me(token), enabled: !!token });
  const walletId = me.data?.walletId;
  const status = useQuery({ queryKey: ['kyc'], queryFn: kycApi.status });
  const wallet = useQuery({
    queryKey: ['kyc', 'wallet', walletId],
    queryFn: () => kycApi.wallet(walletId!),
    enabled: !!walletId,
  });
  const [upgradedTo, setUpgradedTo] = useState<number | null>(null);
  const tierName = (n: number, fallback = '') => t(`tiers.${n}`, { defaultValue: fallback });

  const raised = async (tier: number) => {
    setUpgradedTo(tier);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['kyc'] }),
      queryClient.invalidateQueries({ queryKey: ['wallet'] }),
    ]);
  };
  const error = status.error ?? wallet.error;
  const s = status.data;

  return (
    <Screen title={t('kyc.title')} back="/home">
      {error ? (
        <Alert>{errorMessage(error instanceof ApiError ? error.code : undefined, i18n.language)}</Alert>
      ) : null}
      {upgradedTo !== null && s?.tier === upgradedTo ? (
        <div className="kyc-notice" role="status">
          {t('kyc.upgraded', { tier: tierName(upgradedTo) })}
        </div>
      ) : null}
      {s ? (
        <>
          <Card title={t('kyc.current')}>
            <div className="yb-stack">
              <span className="kyc-tier">{tierName(s.tier, s.tierName)}</span>
              {s.tier === 1 ? <p>{t('kyc.top')}</p> : null}
              {wallet.data && s.tier !== 1 ? (
                <>
                  <h3 className="kyc-sub">{t('kyc.currentLimits')}</h3>
                  <LimitList limits={wallet.data.limits} />
                </>
              ) : null}
            </div>
          </Card>
          {s.next ? (
            <Card title={t('kyc.next', { tier: tierName(s.next.tier, s.next.name) })}>
              <LimitList limits={s.next.limits} />
            </Card>
          ) : null}
          {s.identity ? <Identity s={s} /> : null}
          {s.revoked ? <Alert>{t('kyc.revoked')}</Alert> : null}
          {s.nextStep === 'identity' ? <IdentityStep onDone={raised} /> : null}
          {s.nextStep === 'bank_card' ? <BankCardStep onDone={raised} /> : null}
          {s.nextStep === 'face_check' ? <FaceStep s={s} onDone={raised} /> : null}
          {!s.nextStep && !s.revoked && s.faceCheck.status === 'closed' ? (
            <Alert>{t('kyc.face.closed')}</Alert>
          ) : null}
          {!s.nextStep && s.tier === 1 ? <p>{t('kyc.done')}</p> : null}
        </>
      ) : (
        <p className="yb-muted">{t('common.loading')}</p>
      )}
    </Screen>
  );
}

function Identity({ s }: { s: KycStatus }) {
  const { t } = useTranslation();
  if (!s.identity) return null;
  return (
    <Card title={t('kyc.onFile')}>
      <dl className="kyc-limits">
        <div>
          <dt>{t('kyc.name')}</dt>
          <dd>{s.identity.name}</dd>
        </div>
        <div>
          <dt>{t('kyc.idNumber')}</dt>
          <dd className="kyc-mono">{s.identity.idNumber}</dd>
        </div>
        <div>
          <dt>{t('kyc.card')}</dt>
          <dd>{t(s.identity.bankCardVerified ? 'kyc.cardVerified' : 'kyc.cardNotVerified')}</dd>
        </div>
      </dl>
    </Card>
  );
}

const useApiText = () => {
  const { i18n } = useTranslation();
  return (e: unknown) => errorMessage(e instanceof ApiError ? e.code : undefined, i18n.language);
};

function IdentityStep({ onDone }: { onDone: (tier: number) => Promise<void> }) {
  const { t } = useTranslation();
  const apiText = useApiText();
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [touched, setTouched] = useState(false);
  const submit = useMutation({
    mutationFn: () => kycApi.identity(name.trim(), normaliseId(id)),
    onSuccess: (r) => onDone(r.tier),
  });
  const problem = residentIdProblem(id);
  const nameError = touched && !name.trim() ? t('kyc.identity.nameRequired') : null;
  const idError = touched && problem ? t(`kyc.identity.${problem}`) : null;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!name.trim() || problem) return;
    submit.mutate();
  };
  return (
    <Card title={t('kyc.identity.title')}>
      <form className="yb-stack" onSubmit={onSubmit} noValidate>
        <p className="yb-small">{t('kyc.identity.intro')}</p>
        {submit.error ? <Alert>{apiText(submit.error)}</Alert> : null}
        <TextField
          label={t('kyc.identity.name')}
          error={nameError}
          autoComplete="name"
          maxLength={40}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <TextField
          label={t('kyc.identity.idNumber')}
          hint={t('kyc.identity.idHint')}
          error={idError}
          autoComplete="off"
          maxLength={20}
          value={id}
          onChange={(e) => setId(e.target.value)}
        />
        <Button type="submit" block disabled={submit.isPending}>
          {submit.isPending ? t('kyc.identity.submitting') : t('kyc.identity.submit')}
        </Button>
      </form>
    </Card>
  );
}

function BankCardStep({ onDone }: { onDone: (tier: number) => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const apiText = useApiText();
  const cards = useQuery({ queryKey: ['cards'], queryFn: kycApi.cards });
  const active = cards.data?.filter((c) => c.status === 'active') ?? [];
  const [cardId, setCardId] = useState('');
  const [touched, setTouched] = useState(false);
  const submit = useMutation({ mutationFn: () => kycApi.bankCard(cardId), onSuccess: (r) => onDone(r.tier) });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (cardId) submit.mutate();
  };
  return (
    <Card title={t('kyc.bankCard.title')}>
      {!cards.data ? (
        <p className="yb-muted">{t('common.loading')}</p>
      ) : active.length === 0 ? (
        <div className="yb-stack">
          <p>{t('kyc.bankCard.none')}</p>
          <Link to="/cards/new" className="yb-button kyc-link-button" data-variant="primary">
            {t('kyc.bankCard.add')}
          </Link>
        </div>
      ) : (
        <form className="yb-stack" onSubmit={onSubmit} noValidate>
          <p className="yb-small">{t('kyc.bankCard.intro')}</p>
          {submit.error ? <Alert>{apiText(submit.error)}</Alert> : null}
          <fieldset
            className="kyc-cards"
            aria-describedby={touched && !cardId ? 'kyc-card-error' : undefined}
          >
            <legend>{t('kyc.bankCard.choose')}</legend>
            {active.map((c) => (
              <label className="kyc-card" key={c.id}>
                <input
                  type="radio"
                  name="card"
                  value={c.id}
                  checked={cardId === c.id}
                  onChange={() => setCardId(c.id)}
                />
                <span>
                  {t('kyc.bankCard.cardLabel', {
                    bank: bankName(c.bankName, i18n.language),
                    brand: c.brand,
                    last4: c.last4,
                    holder: c.holderName,
                  })}
                </span>
              </label>
            ))}
            {touched && !cardId ? (
              <span id="kyc-card-error" className="yb-field-error">
                {t('kyc.bankCard.required')}
              </span>
            ) : null}
          </fieldset>
          <Button type="submit" block disabled={submit.isPending}>
            {submit.isPending ? t('kyc.bankCard.submitting') : t('kyc.bankCard.submit')}
          </Button>
        </form>
      )}
    </Card>
  );
}

function FaceStep({ s, onDone }: { s: KycStatus; onDone: (tier: number) => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const apiText = useApiText();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<'verified' | 'in_review' | null>(null);
  const submit = useMutation({
    mutationFn: async () => {
      const selfie = await readSelfie(file!);
      if (selfie === 'too_large') throw new Error('too_large');
      if (selfie === 'unreadable') throw new Error('unreadable');
      return kycApi.faceCheck(selfie);
    },
    onSuccess: async (r) => {
      setOutcome(r.result);
      if (r.result === 'verified') await onDone(r.tier);
    },
    onError: (e) => {
      if (!(e instanceof ApiError))
        setFileError(t(e.message === 'too_large' ? 'kyc.face.tooLarge' : 'kyc.face.unreadable'));
    },
  });
  const at = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  const e = submit.error instanceof ApiError ? submit.error : null;
  const details = (e?.details ?? {}) as {
    failuresLeft?: number;
    retryAfterSeconds?: number;
    blockedUntil?: string;
  };
  const blockedUntil =
    details.blockedUntil ??
    (details.retryAfterSeconds
      ? new Date(Date.now() + details.retryAfterSeconds * 1000).toISOString()
      : null) ??
    s.faceCheck.blockedUntil;
  const blocked = s.faceCheck.status === 'blocked' || e?.code === 'FACE_CHECK_BLOCKED';
  const inReview = outcome === 'in_review' || s.faceCheck.status === 'in_review';

  let message: string | null = null;
  if (e && (e.code === 'FACE_NOT_MATCHED' || e.code === 'LIVENESS_FAILED') && details.failuresLeft) {
    message = `${apiText(e)} ${t('kyc.face.notMatched', { count: details.failuresLeft })}`;
  } else if (e && !blocked) message = apiText(e);

  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    setFileError(null);
    if (!file) {
      setFileError(t('kyc.face.required'));
      return;
    }
    submit.mutate();
  };

  return (
    <Card title={t('kyc.face.title')}>
      {blocked ? (
        <Alert>
          {blockedUntil ? t('kyc.face.blocked', { when: at(blockedUntil) }) : t('kyc.face.blockedLater')}
        </Alert>
      ) : inReview ? (
        <div className="kyc-notice" role="status">
          {t('kyc.face.inReview')}
        </div>
      ) : (
        <form className="yb-stack" onSubmit={onSubmit} noValidate>
          <p className="yb-small">{t('kyc.face.intro')}</p>
          {message ? <Alert>{message}</Alert> : null}
          {!e && s.faceCheck.status === 'failed' && s.faceCheck.failuresLeft > 0 ? (
            <p className="yb-small">{t('kyc.face.notMatched', { count: s.faceCheck.failuresLeft })}</p>
          ) : null}
          <div className="yb-field" data-invalid={fileError ? '' : undefined}>
            <label htmlFor="kyc-selfie">{t('kyc.face.photo')}</label>
            <input
              id="kyc-selfie"
              type="file"
              accept="image/*"
              capture="user"
              aria-invalid={fileError ? true : undefined}
              aria-describedby={fileError ? 'kyc-selfie-error' : undefined}
              onChange={(ev) => {
                setFile(ev.target.files?.[0] ?? null);
                setFileError(null);
                submit.reset();
              }}
            />
            {fileError ? (
              <span id="kyc-selfie-error" className="yb-field-error">
                {fileError}
              </span>
            ) : null}
          </div>
          <Button type="submit" block disabled={submit.isPending}>
            {submit.isPending ? t('kyc.face.submitting') : t('kyc.face.submit')}
          </Button>
        </form>
      )}
    </Card>
  );
}
