import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { Alert, Button, Card, TextField } from '../../design/components.tsx';

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
  passkey?: unknown;
};

/** The challenge of a STEP_UP_REQUIRED answer, or null for any other error. */
export function challengeOf(error: unknown): { challenge: Challenge; reasons: string[] } | null {
  if (!(error instanceof ApiError) || error.code !== 'STEP_UP_REQUIRED') return null;
  const d = error.details as { challenge?: Challenge; reasons?: string[] } | undefined;
  return d?.challenge ? { challenge: d.challenge, reasons: d.reasons ?? [] } : null;
}

/**
 * The confirmation panel. First version: the payment PIN or the login password (whichever the
 * challenge offers); SMS, authenticator and passkey come next.
 */
export function StepUp({
  challenge,
  busy,
  error,
  onConfirm,
  onCancel,
}: {
  challenge: Challenge;
  busy?: boolean;
  /** Plain words of the last failure (from errors.ts). */
  error?: string | null;
  onConfirm: (proof: StepUpProof) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const method = challenge.methods.includes('pin') ? 'pin' : 'password';
  const [secret, setSecret] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!secret) return;
    onConfirm({ challengeId: challenge.id, [method]: secret });
  };
  return (
    <Card title={t('stepUp.title')}>
      <form className="yb-stack" onSubmit={submit} noValidate>
        <p>{challenge.summary}</p>
        {error ? <Alert>{error}</Alert> : null}
        <TextField
          label={method === 'pin' ? t('stepUp.pin') : t('stepUp.password')}
          type="password"
          inputMode={method === 'pin' ? 'numeric' : undefined}
          autoComplete={method === 'pin' ? 'off' : 'current-password'}
          maxLength={method === 'pin' ? 6 : 128}
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
        />
        <Button type="submit" block disabled={busy || !secret}>
          {t('stepUp.confirm')}
        </Button>
        <Button variant="secondary" block onClick={onCancel}>
          {t('stepUp.cancel')}
        </Button>
      </form>
    </Card>
  );
}
