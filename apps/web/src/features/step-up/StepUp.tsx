import type { TFunction } from 'i18next';
import { type FormEvent, type ReactNode, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { Alert, Button, Card, TextField } from '../../design/components.tsx';
import { errorMessage } from '../../errors.ts';
import { stepUpApi } from './api.ts';
import './step-up.css';
import { type AssertionBody, getPasskey, supportsPasskeys } from '../../webauthn.ts';

/**
 * Confirming a payment (or lifting a freeze, trusting a device) after the API answered
 * `403 STEP_UP_REQUIRED`: the challenge names what is confirmed (amount and payee) and the methods the
 * customer may use; the caller sends the same request again with the proof (`stepUp`).
 */
export type StepUpMethod = 'passkey' | 'pin' | 'totp' | 'sms' | 'password';
export type Challenge = {
  id: string;
  methods: StepUpMethod[];
  expiresAt: string;
  summary: string;
  /** Options for navigator.credentials.get(), when a passkey is offered. */
  webauthn?: unknown;
};
export type StepUpProof = {
  challengeId: string;
  pin?: string;
  password?: string;
  otp?: string;
  totp?: string;
  passkey?: AssertionBody;
};

/** The challenge of a STEP_UP_REQUIRED answer, or null for any other error. */
export function challengeOf(error: unknown): { challenge: Challenge; reasons: string[] } | null {
  if (!(error instanceof ApiError) || error.code !== 'STEP_UP_REQUIRED') return null;
  const d = error.details as { challenge?: Challenge; reasons?: string[] } | undefined;
  return d?.challenge ? { challenge: d.challenge, reasons: d.reasons ?? [] } : null;
}

/** Codes after which the challenge cannot be used any more: the payment must start again. */
export const CHALLENGE_DEAD = [
  'STEP_UP_EXPIRED',
  'STEP_UP_MISMATCH',
  'CHALLENGE_NOT_FOUND',
  'CHALLENGE_EXPIRED',
];

/** Codes the confirmation itself answered (the panel stays, with these words). */
export const STEP_UP_CODES = [
  'STEP_UP_FAILED',
  'PIN_LOCKED',
  'OTP_LOCKED',
  'PASSKEY_LOCKED',
  'PASSKEY_INVALID',
];

/** Plain words for a failed confirmation, with the tries left when the API says. */
export function stepUpFailure(error: unknown, t: TFunction, lang: string): string | null {
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : undefined;
  const words = errorMessage(code, lang);
  const left = (error instanceof ApiError ? error.details : undefined) as
    | { attemptsLeft?: number }
    | undefined;
  return typeof left?.attemptsLeft === 'number' && left.attemptsLeft > 0
    ? `${words} ${t('stepUp.attemptsLeft', { count: left.attemptsLeft })}`
    : words;
}

/**
 * What a refused payment means for its screen: the API asks for a confirmation (show the panel), a
 * confirmation that was sent failed (words for the panel, stay on it), or the payment is refused.
 */
export type PaymentFailure =
  | { kind: 'step_up'; asked: { challenge: Challenge; reasons: string[] } }
  | { kind: 'step_up_failed'; words: string | null }
  | { kind: 'refused'; code: string };

export function paymentFailure(
  error: unknown,
  proofSent: boolean,
  t: TFunction,
  lang: string,
): PaymentFailure {
  const asked = challengeOf(error);
  if (asked) return { kind: 'step_up', asked };
  const code = error instanceof ApiError ? error.code : 'UNKNOWN';
  if (proofSent && STEP_UP_CODES.includes(code))
    return { kind: 'step_up_failed', words: stepUpFailure(error, t, lang) };
  return { kind: 'refused', code };
}

const KNOWN_REASONS = ['amount_above_step_up_threshold', 'new_payee', 'new_device', 'velocity'];

/** Seconds until `iso`, ticking once a second (0 when past). */
function useSecondsLeft(iso: string | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!iso) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [iso]);
  // The tick may be up to a second old when `iso` is new: never count from before now.
  const at = Math.max(now, Date.now());
  return iso ? Math.max(0, Math.ceil((new Date(iso).getTime() - at) / 1000)) : 0;
}

const mmss = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;

/**
 * The confirmation panel: every method the challenge offers (passkey, payment PIN, authenticator or
 * recovery code, texted code, login password), a chooser when there is more than one (the strongest
 * first), what is confirmed, why, and until when.
 */
export function StepUp({
  challenge,
  reasons,
  what,
  busy,
  error,
  onConfirm,
  onCancel,
  onRestart,
}: {
  challenge: Challenge;
  /** The API's reasons (`amount_above_step_up_threshold`, `new_payee`, `new_device`, …). */
  reasons?: string[];
  /** What is confirmed, in the caller's words (amount and payee); else the challenge's summary. */
  what?: ReactNode;
  busy?: boolean;
  /** Plain words of the last failure (from errors.ts, e.g. via `stepUpFailure`). */
  error?: string | null;
  onConfirm: (proof: StepUpProof) => void;
  onCancel: () => void;
  /** When the challenge has expired: start the payment again (defaults to onCancel). */
  onRestart?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const methods = challenge.methods.length ? challenge.methods : (['password'] as StepUpMethod[]);
  const [method, setMethod] = useState<StepUpMethod>(methods[0]!);
  const [secret, setSecret] = useState('');
  const [touched, setTouched] = useState(false);
  const [localError, setLocalError] = useState<string | null>(null);
  const [sms, setSms] = useState<{ sentTo: string; resendAt: number } | null>(null);
  const [smsBusy, setSmsBusy] = useState(false);
  const secondsLeft = useSecondsLeft(challenge.expiresAt);
  const resendIn = useSecondsLeft(sms ? new Date(sms.resendAt).toISOString() : null);
  const expired = secondsLeft <= 0;

  // A new challenge (the API asked again) starts over; a new failure clears what was typed.
  const [seen, setSeen] = useState({ challenge: challenge.id, error });
  if (seen.challenge !== challenge.id || seen.error !== error) {
    if (seen.challenge !== challenge.id) {
      setMethod(methods[0]!);
      setSms(null);
      setTouched(false);
    }
    if (error || seen.challenge !== challenge.id) setSecret('');
    setSeen({ challenge: challenge.id, error });
  }

  const choose = (m: StepUpMethod) => {
    setMethod(m);
    setSecret('');
    setTouched(false);
    setLocalError(null);
  };

  const fieldError = (() => {
    if (!touched) return null;
    if (method === 'pin') return /^\d{6}$/.test(secret) ? null : t('stepUp.pinInvalid');
    if (method === 'sms') return /^\d{6}$/.test(secret) ? null : t('stepUp.smsCodeInvalid');
    if (method === 'totp') return secret.trim() ? null : t('stepUp.totpRequired');
    if (method === 'password') return secret ? null : t('stepUp.passwordRequired');
    return null;
  })();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setLocalError(null);
    if (expired || busy) return;
    if (method === 'passkey') {
      if (!supportsPasskeys()) return setLocalError(t('stepUp.passkeyUnsupported'));
      try {
        const passkey = await getPasskey(challenge.webauthn);
        onConfirm({ challengeId: challenge.id, passkey });
      } catch {
        setLocalError(t('stepUp.passkeyCancelled'));
      }
      return;
    }
    setTouched(true);
    if (method === 'sms' && !sms) return setLocalError(t('stepUp.smsFirst'));
    const ok =
      method === 'pin' || method === 'sms'
        ? /^\d{6}$/.test(secret)
        : method === 'totp'
          ? !!secret.trim()
          : !!secret;
    if (!ok) return;
    const value = method === 'totp' ? secret.trim().replace(/\s/g, '') : secret;
    const key = method === 'sms' ? 'otp' : method;
    onConfirm({ challengeId: challenge.id, [key]: value });
  };

  const sendSms = async () => {
    setLocalError(null);
    setSmsBusy(true);
    try {
      const r = await stepUpApi.sendSms(challenge.id);
      setSms({ sentTo: r.sentTo, resendAt: Date.now() + r.resendAfterSeconds * 1000 });
    } catch (err) {
      setLocalError(errorMessage(err instanceof ApiError ? err.code : undefined, i18n.language));
    } finally {
      setSmsBusy(false);
    }
  };

  const shownReasons = [...new Set((reasons ?? []).map((r) => (KNOWN_REASONS.includes(r) ? r : 'other')))];
  const failure = localError ?? error;

  return (
    <Card title={t('stepUp.title')}>
      <div className="yb-stack">
        <p>{t('stepUp.intro')}</p>
        <div className="yb-stepup-what">
          <span className="yb-muted yb-small">{t('stepUp.what')}</span>
          <div className="yb-stepup-summary">{what ?? challenge.summary}</div>
        </div>
        {shownReasons.length ? (
          <div>
            <p className="yb-small yb-stepup-label" id={`${id}-why`}>
              {t('stepUp.reasonsTitle')}
            </p>
            <ul className="yb-stepup-reasons" aria-labelledby={`${id}-why`}>
              {shownReasons.map((r) => (
                <li key={r}>{t(`stepUp.reasons.${r}`)}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {expired ? (
          <>
            <Alert>{t('stepUp.expired')}</Alert>
            <Button block onClick={onRestart ?? onCancel}>
              {t('stepUp.restart')}
            </Button>
          </>
        ) : (
          <form className="yb-stack" onSubmit={(e) => void submit(e)} noValidate>
            <p className="yb-muted yb-small" aria-live="off">
              {t('stepUp.expiresIn', { time: mmss(secondsLeft) })}
            </p>
            {methods.length > 1 ? (
              <fieldset className="yb-stepup-methods">
                <legend>{t('stepUp.chooseMethod')}</legend>
                {methods.map((m) => (
                  <label key={m} className="yb-stepup-method" data-checked={m === method ? '' : undefined}>
                    <input
                      type="radio"
                      name={`${id}-method`}
                      value={m}
                      checked={m === method}
                      onChange={() => choose(m)}
                    />
                    <span>{t(`stepUp.methods.${m}`)}</span>
                  </label>
                ))}
              </fieldset>
            ) : null}
            {failure ? <Alert>{failure}</Alert> : null}
            {method === 'passkey' ? <p className="yb-small">{t('stepUp.passkeyHint')}</p> : null}
            {method === 'pin' ? (
              <TextField
                key="pin"
                label={t('stepUp.pin')}
                error={fieldError}
                type="password"
                inputMode="numeric"
                autoComplete="off"
                maxLength={6}
                value={secret}
                onChange={(e) => setSecret(e.target.value.replace(/\D/g, ''))}
              />
            ) : null}
            {method === 'password' ? (
              <TextField
                key="password"
                label={t('stepUp.password')}
                error={fieldError}
                type="password"
                autoComplete="current-password"
                maxLength={128}
                value={secret}
                onChange={(e) => setSecret(e.target.value)}
              />
            ) : null}
            {method === 'totp' ? (
              <TextField
                key="totp"
                label={t('stepUp.totp')}
                hint={t('stepUp.totpHint')}
                error={fieldError}
                autoComplete="one-time-code"
                maxLength={16}
                value={secret}
                onChange={(e) => setSecret(e.target.value)}
              />
            ) : null}
            {method === 'sms' ? (
              <>
                {sms ? (
                  <p className="yb-small" role="status">
                    {t('stepUp.smsSent', { phone: sms.sentTo })}
                  </p>
                ) : null}
                <Button
                  variant="secondary"
                  block
                  disabled={smsBusy || (!!sms && resendIn > 0)}
                  onClick={() => void sendSms()}
                >
                  {smsBusy
                    ? t('stepUp.smsSending')
                    : !sms
                      ? t('stepUp.smsSend')
                      : resendIn > 0
                        ? t('stepUp.smsResendIn', { seconds: resendIn })
                        : t('stepUp.smsResend')}
                </Button>
                {sms ? (
                  <TextField
                    key="sms"
                    label={t('stepUp.smsCode')}
                    error={fieldError}
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    maxLength={6}
                    value={secret}
                    onChange={(e) => setSecret(e.target.value.replace(/\D/g, ''))}
                  />
                ) : null}
              </>
            ) : null}
            {method !== 'sms' || sms ? (
              <Button type="submit" block disabled={busy}>
                {busy
                  ? t('stepUp.confirming')
                  : method === 'passkey'
                    ? t('stepUp.passkeyUse')
                    : t('stepUp.confirm')}
              </Button>
            ) : null}
            <Button variant="secondary" block onClick={onCancel}>
              {t('stepUp.cancel')}
            </Button>
            <p className="yb-muted yb-small">{t('stepUp.safety')}</p>
          </form>
        )}
      </div>
    </Card>
  );
}
