import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, TextField } from '../../design/components.tsx';
import { Screen } from '../../screens/Layout.tsx';
import { securityApi } from './api.ts';
import { totpSecretOf } from './rules.ts';
import { Notice, useErrorText } from './ui.tsx';

/**
 * Authenticator app: the password starts it, the server's QR code (SVG) and the secret for typing,
 * a first code confirms it, then the recovery codes are shown this once.
 */
export function TotpScreen() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: ['security', 'status'], queryFn: securityApi.status });
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [touched, setTouched] = useState(false);
  const [codeTouched, setCodeTouched] = useState(false);
  const [saved, setSaved] = useState(false);
  const start = useMutation({ mutationFn: () => securityApi.startTotp(password) });
  const confirm = useMutation({
    mutationFn: () => securityApi.confirmTotp(code),
    onSuccess: () => {
      setPassword('');
      void queryClient.invalidateQueries({ queryKey: ['security', 'status'] });
    },
  });
  const enrolment = start.data;
  const codes = confirm.data?.recoveryCodes;

  const passwordError = touched && !password ? t('security.totp.passwordRequired') : null;
  const codeError = codeTouched && !/^\d{6}$/.test(code) ? t('security.totp.codeInvalid') : null;
  const begin = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (password) start.mutate();
  };
  const finish = (e: FormEvent) => {
    e.preventDefault();
    setCodeTouched(true);
    if (/^\d{6}$/.test(code)) confirm.mutate();
  };

  if (codes) {
    return (
      <Screen title={t('security.totp.title')} back={null}>
        <Card title={t('security.totp.recoveryTitle')}>
          <div className="yb-stack">
            <p>{t('security.totp.recoveryIntro')}</p>
            <ul className="sec-codes" aria-label={t('security.totp.recoveryList')}>
              {codes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
            <label className="sec-check">
              <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
              {t('security.totp.saved')}
            </label>
            {saved ? (
              <Link to="/security" className="yb-button" data-variant="primary">
                {t('security.totp.finish')}
              </Link>
            ) : (
              <Button block disabled>
                {t('security.totp.finish')}
              </Button>
            )}
          </div>
        </Card>
      </Screen>
    );
  }

  return (
    <Screen title={t('security.totp.title')} back="/security">
      <p className="yb-muted">{t('security.totp.intro')}</p>
      {status.data?.totpEnrolled ? (
        <Notice>
          {t('security.totp.enrolled')} {t('security.totp.reenrol')}
        </Notice>
      ) : null}
      {!enrolment ? (
        <Card title={t('security.totp.step1')}>
          <form className="yb-stack" onSubmit={begin} noValidate>
            {start.error ? <Alert>{errorText(start.error)}</Alert> : null}
            <TextField
              label={t('security.totp.password')}
              error={passwordError}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <Button type="submit" block disabled={start.isPending}>
              {start.isPending ? t('security.totp.starting') : t('security.totp.start')}
            </Button>
          </form>
        </Card>
      ) : (
        <>
          <Card title={t('security.totp.step2')}>
            <div className="yb-stack">
              <img
                className="sec-qr"
                alt={t('security.totp.qrAlt')}
                src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`}
              />
              <p className="yb-small">{t('security.totp.manual')}</p>
              <code className="sec-code" data-testid="totp-secret">
                {totpSecretOf(enrolment.otpauthUri)}
              </code>
            </div>
          </Card>
          <Card title={t('security.totp.step3')}>
            <form className="yb-stack" onSubmit={finish} noValidate>
              {confirm.error ? <Alert>{errorText(confirm.error)}</Alert> : null}
              <TextField
                label={t('security.totp.code')}
                error={codeError}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
              />
              <Button type="submit" block disabled={confirm.isPending}>
                {confirm.isPending ? t('security.totp.confirming') : t('security.totp.confirm')}
              </Button>
            </form>
          </Card>
        </>
      )}
    </Screen>
  );
}
