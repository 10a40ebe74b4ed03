import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, TextField } from '../design/components.tsx';
import { setLanguage } from '../i18n.ts';
import './admin.css';
import { adminApi, type LoginAnswer } from './api.ts';
import { saveStaff } from './session.ts';

const CODE = /^\d{6}$/;

/** Staff sign-in: username, password and authenticator code in one form; first-time enrolment. */
export function AdminSignIn() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [touched, setTouched] = useState(false);
  const [enrolment, setEnrolment] = useState<LoginAnswer | null>(null);
  const [firstCode, setFirstCode] = useState('');
  const [firstTouched, setFirstTouched] = useState(false);

  const finish = async (a: LoginAnswer) => {
    if (a.kind !== 'full' || !a.staff) return setEnrolment(a);
    saveStaff({ token: a.token, expiresAt: a.expiresAt, staff: a.staff });
    await navigate({ to: '/admin/customers' });
  };
  const login = useMutation({
    mutationFn: () => adminApi.login({ username: username.trim(), password, ...(code ? { code } : {}) }),
    onSuccess: finish,
  });
  const confirm = useMutation({
    mutationFn: () => adminApi.confirmTotp(enrolment!.token, firstCode),
    onSuccess: finish,
  });

  const userError = touched && !username.trim() ? t('admin.signIn.required') : null;
  const passError = touched && !password ? t('admin.signIn.required') : null;
  const codeError = touched && code && !CODE.test(code) ? t('admin.signIn.codeInvalid') : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!username.trim() || !password || (code && !CODE.test(code))) return;
    login.mutate();
  };
  const firstError = firstTouched && !CODE.test(firstCode) ? t('admin.signIn.codeInvalid') : null;
  const submitFirst = (e: FormEvent) => {
    e.preventDefault();
    setFirstTouched(true);
    if (CODE.test(firstCode)) confirm.mutate();
  };
  const secret = enrolment?.otpauthUri ? new URL(enrolment.otpauthUri).searchParams.get('secret') : null;

  return (
    <div className="adm-auth">
      <header className="adm-auth-bar">
        <span className="yb-brand">
          <span className="yb-brand-mark" aria-hidden="true">
            银
          </span>
          {t('admin.title')}
        </span>
        <button
          type="button"
          className="adm-linkbtn"
          title={t('admin.langLabel')}
          lang={i18n.language.startsWith('zh') ? 'en' : 'zh-CN'}
          onClick={() => void setLanguage(i18n.language.startsWith('zh') ? 'en' : 'zh-CN')}
        >
          {t('admin.lang')}
        </button>
      </header>
      <main className="adm-auth-main">
        <p className="adm-internal">{t('admin.internal')}</p>
        {enrolment ? (
          <form className="adm-panel yb-stack" onSubmit={submitFirst} noValidate>
            <h1>{t('admin.signIn.enrolTitle')}</h1>
            <p className="yb-small">{t('admin.signIn.enrolIntro')}</p>
            {enrolment.qrSvg ? (
              <img
                className="adm-qr"
                alt={t('admin.signIn.qrAlt')}
                src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`}
              />
            ) : null}
            {secret ? (
              <div>
                <div className="yb-small yb-muted">{t('admin.signIn.secret')}</div>
                <code className="adm-secret">{secret.replace(/(.{4})/g, '$1 ').trim()}</code>
              </div>
            ) : null}
            {confirm.error ? (
              <div className="yb-alert" role="alert">
                {t('admin.signIn.confirmFailed')}
              </div>
            ) : null}
            <TextField
              label={t('admin.signIn.code')}
              error={firstError}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={firstCode}
              onChange={(e) => setFirstCode(e.target.value.replace(/\D/g, ''))}
            />
            <Button type="submit" block disabled={confirm.isPending}>
              {t('admin.signIn.confirm')}
            </Button>
          </form>
        ) : (
          <form className="adm-panel yb-stack" onSubmit={submit} noValidate>
            <h1>{t('admin.signIn.title')}</h1>
            <p className="yb-small yb-muted">{t('admin.signIn.intro')}</p>
            {login.error ? (
              <div className="yb-alert" role="alert">
                {t('admin.signIn.failed')}
              </div>
            ) : null}
            <TextField
              label={t('admin.signIn.username')}
              error={userError}
              autoComplete="username"
              autoCapitalize="none"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
            <TextField
              label={t('admin.signIn.password')}
              error={passError}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <TextField
              label={t('admin.signIn.code')}
              hint={t('admin.signIn.codeHint')}
              error={codeError}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
            />
            <Button type="submit" block disabled={login.isPending}>
              {login.isPending ? t('admin.signIn.submitting') : t('admin.signIn.submit')}
            </Button>
          </form>
        )}
      </main>
    </div>
  );
}
