import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type VerificationStarted } from '../api.ts';
import { Alert, Button, TextField } from '../design/components.tsx';
import { errorMessage } from '../errors.ts';
import { saveSession, takeReturnTo } from '../session.ts';

const PHONE = /^1\d{10}$/;
const CODE = /^\d{6}$/;

/** Seconds until `at` (0 when past), ticking every second. */
function useSecondsUntil(at: number | null) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!at) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [at]);
  return at ? Math.max(0, Math.ceil((at - now) / 1000)) : 0;
}

/**
 * Sign-in with a texted code: the number, "text me a code" (the answer never says whether the
 * number has a wallet), then the six digits. The session it opens cannot use texted codes to
 * confirm payments or trust a new device (the server's rule; the note says so).
 */
export function SmsSignIn({ phone, setPhone }: { phone: string; setPhone: (p: string) => void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [started, setStarted] = useState<(VerificationStarted & { phone: string; resendAt: number }) | null>(
    null,
  );
  const [code, setCode] = useState('');
  const [touched, setTouched] = useState(false);
  const typed = phone.replace(/\s/g, '');
  const resendIn = useSecondsUntil(started?.resendAt ?? null);

  const send = useMutation({
    mutationFn: () => api.sendSignInCode(typed),
    onSuccess: (v) => {
      setStarted({ ...v, phone: typed, resendAt: Date.now() + v.resendAfterSeconds * 1000 });
      setCode('');
    },
  });
  const signIn = useMutation({
    mutationFn: () => api.signInWithCode(started!.phone, started!.verificationId, code),
    onSuccess: async (session) => {
      saveSession(session);
      await navigate({ href: takeReturnTo() });
    },
  });
  const phoneError = touched && !PHONE.test(typed) ? t('signIn.phoneInvalid') : null;
  const codeError = touched && started && !CODE.test(code) ? t('signIn.codeInvalid') : null;
  const failure = signIn.error ?? send.error;
  const words = failure
    ? errorMessage(failure instanceof ApiError ? failure.code : undefined, i18n.language)
    : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!PHONE.test(typed)) return;
    if (!started || started.phone !== typed) {
      send.mutate();
      return;
    }
    if (CODE.test(code)) signIn.mutate();
  };

  return (
    <form className="yb-stack" onSubmit={submit} noValidate>
      {words ? <Alert>{words}</Alert> : null}
      <TextField
        label={t('signIn.phone')}
        hint={t('signIn.phoneHint')}
        error={phoneError}
        type="tel"
        inputMode="numeric"
        autoComplete="username"
        maxLength={13}
        value={phone}
        onChange={(e) => setPhone(e.target.value)}
      />
      {started && started.phone === typed ? (
        <>
          <p className="yb-small" role="status">
            {t('signIn.sent', { phone: started.phone })}
          </p>
          <TextField
            label={t('signIn.code')}
            error={codeError}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
          />
          <Button type="submit" block disabled={signIn.isPending}>
            {signIn.isPending ? t('signIn.submitting') : t('signIn.submit')}
          </Button>
          <Button
            variant="secondary"
            block
            disabled={resendIn > 0 || send.isPending}
            onClick={() => {
              signIn.reset();
              send.mutate();
            }}
          >
            {resendIn > 0 ? t('signIn.resendIn', { seconds: resendIn }) : t('signIn.sendCode')}
          </Button>
        </>
      ) : (
        <Button type="submit" block disabled={send.isPending}>
          {send.isPending ? t('signIn.sending') : t('signIn.sendCode')}
        </Button>
      )}
      <p className="yb-muted yb-small">{t('signIn.codeNote')}</p>
    </form>
  );
}
