import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, TextField } from '../../design/components.tsx';
import { Screen } from '../../screens/Layout.tsx';
import { securityApi } from './api.ts';
import { pinProblem } from './rules.ts';
import { Notice, useErrorText, useMeAndWallet } from './ui.tsx';

/** Set or change the payment PIN: the rules first, then the PIN twice and the login password. */
export function PinScreen() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: ['security', 'status'], queryFn: securityApi.status });
  const { me } = useMeAndWallet();
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);
  const save = useMutation({
    mutationFn: () => securityApi.setPin(pin, password),
    onSuccess: async () => {
      setPin('');
      setAgain('');
      setPassword('');
      setTouched(false);
      await queryClient.invalidateQueries({ queryKey: ['security'] });
    },
  });

  const problem = pinProblem(pin, me.data?.phone);
  const pinError =
    touched && problem ? t(problem === 'format' ? 'security.pin.format' : 'security.pin.simple') : null;
  const againError = touched && !problem && again !== pin ? t('security.pin.mismatch') : null;
  const passwordError = touched && !password ? t('security.pin.passwordRequired') : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    save.reset();
    if (problem || again !== pin || !password) return;
    save.mutate();
  };
  const s = status.data;
  const digits = (v: string) => v.replace(/\D/g, '').slice(0, 6);

  return (
    <Screen title={t('security.pin.title')} back="/security">
      {s ? (
        <p>
          {s.pinLocked
            ? t('security.pin.stateLocked')
            : s.pinSet
              ? t('security.pin.stateSet')
              : t('security.pin.stateNotSet')}
        </p>
      ) : null}
      <Card>
        <p className="yb-small">{t('security.pin.rules')}</p>
        <ul className="sec-rules yb-small">
          <li>{t('security.pin.rule1')}</li>
          <li>{t('security.pin.rule2')}</li>
          <li>{t('security.pin.rule3')}</li>
        </ul>
      </Card>
      <Card>
        <form className="yb-stack" onSubmit={submit} noValidate>
          {save.isSuccess ? <Notice>{t('security.pin.saved')}</Notice> : null}
          {save.error ? <Alert>{errorText(save.error)}</Alert> : null}
          <TextField
            label={t('security.pin.newPin')}
            error={pinError}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={6}
            value={pin}
            onChange={(e) => setPin(digits(e.target.value))}
          />
          <TextField
            label={t('security.pin.confirmPin')}
            error={againError}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={6}
            value={again}
            onChange={(e) => setAgain(digits(e.target.value))}
          />
          <TextField
            label={t('security.pin.password')}
            hint={t('security.pin.passwordHint')}
            error={passwordError}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <Button type="submit" block disabled={save.isPending}>
            {save.isPending ? t('security.pin.saving') : t('security.pin.submit')}
          </Button>
        </form>
      </Card>
    </Screen>
  );
}
