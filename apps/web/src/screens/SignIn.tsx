import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api.ts';
import { Alert, Button, Card, TextField } from '../design/components.tsx';
import { errorMessage } from '../errors.ts';
import { securityApi } from '../features/security/api.ts';
import { saveSession, takeReturnTo } from '../session.ts';
import { getPasskey, supportsPasskeys } from '../webauthn.ts';
import { TopBar } from './Layout.tsx';
import { SmsSignIn } from './SmsSignIn.tsx';

const PHONE = /^1\d{10}$/;

export function SignInScreen() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [mode, setMode] = useState<'password' | 'code'>('password');
  const [touched, setTouched] = useState(false);
  const login = useMutation({
    mutationFn: () => api.login(phone.replace(/\s/g, ''), password),
    onSuccess: async (session) => {
      saveSession(session);
      await navigate({ href: takeReturnTo() });
    },
  });
  const phoneError = touched && !PHONE.test(phone.replace(/\s/g, '')) ? t('signIn.phoneInvalid') : null;
  const passwordError = touched && !password ? t('signIn.passwordRequired') : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!PHONE.test(phone.replace(/\s/g, '')) || !password) return;
    login.mutate();
  };
  // Passkey sign-in: options (tied to the phone when one is typed), the device's check, the answer.
  // Every failure — cancelled, unknown passkey, refused — is the one plain message.
  const withPasskey = useMutation({
    mutationFn: async () => {
      const typed = phone.replace(/\s/g, '');
      const options = await securityApi.passkeySignInOptions(PHONE.test(typed) ? typed : undefined);
      return securityApi.passkeySignIn(await getPasskey(options));
    },
    onSuccess: async (session) => {
      saveSession(session);
      await navigate({ href: takeReturnTo() });
    },
  });
  const apiError = login.error
    ? errorMessage(login.error instanceof ApiError ? login.error.code : undefined, i18n.language)
    : null;

  return (
    <div className="yb-page">
      <TopBar />
      <main className="yb-main">
        <h1>{t('signIn.title')}</h1>
        <fieldset className="yb-segmented yb-fieldset">
          <legend className="yb-visually-hidden">{t('signIn.how')}</legend>
          {(['password', 'code'] as const).map((m) => (
            <Button key={m} variant="secondary" aria-pressed={mode === m} onClick={() => setMode(m)}>
              {m === 'password' ? t('signIn.byPassword') : t('signIn.byCode')}
            </Button>
          ))}
        </fieldset>
        <Card>
          {mode === 'code' ? (
            <SmsSignIn phone={phone} setPhone={setPhone} />
          ) : (
            <form className="yb-stack" onSubmit={submit} noValidate>
              {apiError ? <Alert>{apiError}</Alert> : null}
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
              <TextField
                label={t('signIn.password')}
                error={passwordError}
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
              <Button type="submit" block disabled={login.isPending}>
                {login.isPending ? t('signIn.submitting') : t('signIn.submit')}
              </Button>
            </form>
          )}
        </Card>
        {supportsPasskeys() ? (
          <div className="yb-stack">
            <p className="yb-muted yb-small" style={{ textAlign: 'center', margin: 0 }}>
              {t('security.passkeySignIn.or')}
            </p>
            {withPasskey.isError ? <Alert>{t('security.passkeySignIn.failed')}</Alert> : null}
            <Button
              variant="secondary"
              block
              disabled={withPasskey.isPending}
              onClick={() => {
                login.reset();
                withPasskey.mutate();
              }}
            >
              {withPasskey.isPending
                ? t('security.passkeySignIn.working')
                : t('security.passkeySignIn.button')}
            </Button>
          </div>
        ) : null}
        <p className="yb-small">
          {t('signIn.noWallet')} <Link to="/sign-up">{t('signIn.signUp')}</Link>
        </p>
        <p className="yb-muted yb-small">{t('signIn.safety')}</p>
      </main>
    </div>
  );
}
