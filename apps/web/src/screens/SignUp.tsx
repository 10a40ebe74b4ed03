import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type VerificationStarted } from '../api.ts';
import { Alert, Button, Card, TextField } from '../design/components.tsx';
import { errorMessage } from '../errors.ts';
import { saveSession } from '../session.ts';
import { TopBar } from './Layout.tsx';

const PHONE = /^1\d{10}$/;
const CODE = /^\d{6}$/;
const clean = (s: string) => s.replace(/\s/g, '');

/**
 * Opening a wallet in two explicit steps: the bank texts a code to the number (step 1), the code and
 * a password open the wallet (step 2). The first answer is the same whether or not the number already
 * has a wallet, so the screen says only "we sent a code if…" and never "already registered".
 */
export function SignUpScreen() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [phone, setPhone] = useState('');
  const [started, setStarted] = useState<VerificationStarted | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);

  const verify = useMutation({
    mutationFn: () => api.verifyPhone(clean(phone)),
    onSuccess: (v) => {
      setStarted(v);
      setTouched(false);
    },
  });
  const signUp = useMutation({
    mutationFn: () =>
      api.signUp({
        phone: clean(phone),
        password,
        verificationId: started!.verificationId,
        code: clean(code),
        ...(name.trim() ? { displayName: name.trim() } : {}),
      }),
    onSuccess: async (session) => {
      saveSession(session);
      await navigate({ to: '/home' });
    },
  });
  const failure = (e: Error | null) =>
    e ? errorMessage(e instanceof ApiError ? e.code : undefined, i18n.language) : null;

  const phoneError = touched && !started && !PHONE.test(clean(phone)) ? t('signIn.phoneInvalid') : null;
  const codeError = touched && started && !CODE.test(clean(code)) ? t('signUp.codeInvalid') : null;
  const passwordError = touched && started && [...password].length < 8 ? t('signUp.passwordShort') : null;

  const submitPhone = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (PHONE.test(clean(phone))) verify.mutate();
  };
  const submitCode = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (CODE.test(clean(code)) && [...password].length >= 8) signUp.mutate();
  };

  return (
    <div className="yb-page">
      <TopBar />
      <main className="yb-main">
        <h1>{t('signUp.title')}</h1>
        <p className="yb-muted">{started ? t('signUp.step2') : t('signUp.step1')}</p>
        <Card>
          {!started ? (
            <form className="yb-stack" onSubmit={submitPhone} noValidate>
              {verify.error ? <Alert>{failure(verify.error)}</Alert> : null}
              <TextField
                label={t('signIn.phone')}
                hint={t('signUp.phoneHint')}
                error={phoneError}
                type="tel"
                inputMode="numeric"
                autoComplete="tel-national"
                maxLength={13}
                value={phone}
                onChange={(e) => setPhone(e.target.value)}
              />
              <Button type="submit" block disabled={verify.isPending}>
                {verify.isPending ? t('signUp.sending') : t('signUp.sendCode')}
              </Button>
            </form>
          ) : (
            <form className="yb-stack" onSubmit={submitCode} noValidate>
              {signUp.error ? <Alert>{failure(signUp.error)}</Alert> : null}
              <p className="yb-small">{t('signUp.sent', { phone: clean(phone) })}</p>
              <TextField
                label={t('signUp.code')}
                error={codeError}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
              <TextField
                label={t('signUp.password')}
                hint={t('signUp.passwordHint')}
                error={passwordError}
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
              <TextField
                label={t('signUp.name')}
                hint={t('signUp.nameHint')}
                autoComplete="nickname"
                maxLength={40}
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
              <Button type="submit" block disabled={signUp.isPending}>
                {signUp.isPending ? t('signUp.opening') : t('signUp.open')}
              </Button>
              <Button
                type="button"
                variant="secondary"
                block
                onClick={() => {
                  setStarted(null);
                  setCode('');
                  signUp.reset();
                }}
              >
                {t('signUp.changeNumber')}
              </Button>
            </form>
          )}
        </Card>
        <p className="yb-small">
          {t('signUp.haveWallet')} <Link to="/sign-in">{t('signIn.submit')}</Link>
        </p>
        <p className="yb-muted yb-small">{t('signIn.safety')}</p>
      </main>
    </div>
  );
}
