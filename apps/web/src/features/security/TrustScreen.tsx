import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { Alert, Button, Card, TextField } from '../../design/components.tsx';
import { Screen } from '../../screens/Layout.tsx';
import type { Challenge } from '../step-up/StepUp.tsx';
import { securityApi } from './api.ts';
import { Notice, useErrorText } from './ui.tsx';
import { getPasskey, supportsPasskeys } from './webauthn.ts';

/**
 * Trusting this device: a challenge that only a texted code or a passkey can answer (never the PIN
 * or the password, which someone on a new device may have stolen).
 */
export function TrustScreen() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [touched, setTouched] = useState(false);
  const [passkeyFailed, setPasskeyFailed] = useState(false);
  const [done, setDone] = useState(false);

  const start = useMutation({
    mutationFn: securityApi.trustChallenge,
    onSuccess: (c) => setChallenge(c),
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'DEVICE_ALREADY_TRUSTED') setDone(true);
    },
  });
  const send = useMutation({
    mutationFn: () => securityApi.sendCode(challenge!.id),
    onSuccess: (r) => setSentTo(r.sentTo),
  });
  const finished = async () => {
    setDone(true);
    await queryClient.invalidateQueries({ queryKey: ['security'] });
  };
  const trust = useMutation({
    mutationFn: (otp: string) => securityApi.trust({ challengeId: challenge!.id, otp }),
    onSuccess: finished,
  });
  const withPasskey = useMutation({
    mutationFn: async () => {
      const passkey = await getPasskey(challenge!.webauthn);
      return securityApi.trust({ challengeId: challenge!.id, passkey });
    },
    onMutate: () => setPasskeyFailed(false),
    onSuccess: finished,
    onError: (e) => {
      if (!(e instanceof ApiError)) setPasskeyFailed(true);
    },
  });

  const codeError = touched && !/^\d{6}$/.test(code) ? t('security.trust.codeInvalid') : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!/^\d{6}$/.test(code)) return;
    trust.mutate(code);
  };
  const apiError = [start.error, send.error, trust.error, withPasskey.error].find(
    (e) => e instanceof ApiError && e.code !== 'DEVICE_ALREADY_TRUSTED',
  );
  const offersSms = challenge?.methods.includes('sms');
  const offersPasskey = challenge?.methods.includes('passkey') && !!challenge.webauthn && supportsPasskeys();

  return (
    <Screen title={t('security.trust.title')} back="/security">
      <p>{t('security.trust.intro')}</p>
      {apiError ? <Alert>{errorText(apiError)}</Alert> : null}
      {done ? (
        <>
          <Notice>{start.error ? t('security.trust.alreadyTrusted') : t('security.trust.done')}</Notice>
          <Link to="/home" className="yb-button" data-variant="primary">
            {t('security.done')}
          </Link>
        </>
      ) : !challenge ? (
        <Button block disabled={start.isPending} onClick={() => start.mutate()}>
          {start.isPending ? t('security.trust.starting') : t('security.trust.start')}
        </Button>
      ) : (
        <>
          {offersSms ? (
            <Card title={t('security.trust.sms')}>
              <div className="yb-stack">
                {sentTo ? <Notice>{t('security.trust.sent', { to: sentTo })}</Notice> : null}
                <Button
                  variant={sentTo ? 'secondary' : 'primary'}
                  block
                  disabled={send.isPending}
                  onClick={() => send.mutate()}
                >
                  {send.isPending ? t('security.trust.sending') : t('security.trust.sendCode')}
                </Button>
                {sentTo ? (
                  <form className="yb-stack" onSubmit={submit} noValidate>
                    <TextField
                      label={t('security.trust.code')}
                      error={codeError}
                      inputMode="numeric"
                      autoComplete="one-time-code"
                      maxLength={6}
                      value={code}
                      onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
                    />
                    <Button type="submit" block disabled={trust.isPending}>
                      {trust.isPending ? t('security.trust.confirming') : t('security.trust.confirm')}
                    </Button>
                  </form>
                ) : null}
              </div>
            </Card>
          ) : null}
          {offersSms && offersPasskey ? <p className="sec-or">{t('security.passkeySignIn.or')}</p> : null}
          {offersPasskey ? (
            <Card title={t('security.trust.passkey')}>
              <div className="yb-stack">
                {passkeyFailed ? <Alert>{t('security.trust.passkeyFailed')}</Alert> : null}
                <Button
                  variant="secondary"
                  block
                  disabled={withPasskey.isPending}
                  onClick={() => withPasskey.mutate()}
                >
                  {withPasskey.isPending ? t('security.passkeySignIn.working') : t('security.trust.passkey')}
                </Button>
              </div>
            </Card>
          ) : null}
        </>
      )}
    </Screen>
  );
}
