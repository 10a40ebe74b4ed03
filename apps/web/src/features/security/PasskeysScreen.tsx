import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { Alert, Button, Card, TextField } from '../../design/components.tsx';
import { Screen } from '../../screens/Layout.tsx';
import { createPasskey, supportsPasskeys } from '../../webauthn.ts';
import { securityApi } from './api.ts';
import { when } from './rules.ts';
import { Confirm, Notice, useErrorText } from './ui.tsx';

/** Passkeys: the list, adding one (login password, then the device's fingerprint/face), removing one. */
export function PasskeysScreen() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const passkeys = useQuery({ queryKey: ['security', 'passkeys'], queryFn: securityApi.passkeys });
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const [asking, setAsking] = useState<string | null>(null);
  const [note, setNote] = useState<'added' | 'removed' | null>(null);

  const add = useMutation({
    mutationFn: async () => {
      const options = await securityApi.passkeyOptions(password);
      const credential = await createPasskey(options);
      return securityApi.registerPasskey({ ...credential, ...(name.trim() ? { name: name.trim() } : {}) });
    },
    onMutate: () => setNote(null),
    onSuccess: async () => {
      setPassword('');
      setName('');
      setTouched(false);
      setNote('added');
      await queryClient.invalidateQueries({ queryKey: ['security'] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => securityApi.removePasskey(id),
    onMutate: () => setNote(null),
    onSuccess: async () => {
      setAsking(null);
      setNote('removed');
      await queryClient.invalidateQueries({ queryKey: ['security'] });
    },
  });

  const passwordError = touched && !password ? t('security.passkeys.passwordRequired') : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!password) return;
    add.mutate();
  };
  const addError = add.error
    ? add.error instanceof ApiError
      ? errorText(add.error)
      : t('security.passkeys.cancelled')
    : null;

  return (
    <Screen title={t('security.passkeys.title')} back="/security">
      <p className="yb-muted">{t('security.passkeys.intro')}</p>
      {passkeys.error ? <Alert>{errorText(passkeys.error)}</Alert> : null}
      {remove.error ? <Alert>{errorText(remove.error)}</Alert> : null}
      {note ? (
        <Notice>{t(note === 'added' ? 'security.passkeys.addedOk' : 'security.passkeys.removed')}</Notice>
      ) : null}
      {passkeys.data ? (
        passkeys.data.length ? (
          <ul className="sec-rows">
            {passkeys.data.map((p) => (
              <li className="sec-row" key={p.id}>
                <div className="sec-item-main">
                  <span className="sec-row-title">{p.name}</span>
                  <span className="sec-meta">
                    {t('security.passkeys.added', { when: when(p.createdAt, i18n.language) })}
                  </span>
                  <span className="sec-meta">
                    {p.lastUsedAt
                      ? t('security.passkeys.lastUsed', { when: when(p.lastUsedAt, i18n.language) })
                      : t('security.passkeys.neverUsed')}
                  </span>
                </div>
                {asking === p.id ? (
                  <Confirm
                    text={t('security.passkeys.removeConfirm', { name: p.name })}
                    yes={t('security.passkeys.removeYes')}
                    busy={remove.isPending}
                    onYes={() => remove.mutate(p.id)}
                    onNo={() => setAsking(null)}
                  />
                ) : (
                  <Button
                    variant="secondary"
                    aria-label={`${t('security.passkeys.remove')}: ${p.name}`}
                    onClick={() => setAsking(p.id)}
                  >
                    {t('security.passkeys.remove')}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('security.passkeys.empty')}</p>
        )
      ) : (
        <p className="yb-muted">{t('common.loading')}</p>
      )}
      <Card title={t('security.passkeys.add')}>
        {supportsPasskeys() ? (
          <form className="yb-stack" onSubmit={submit} noValidate>
            {addError ? <Alert>{addError}</Alert> : null}
            <TextField
              label={t('security.passkeys.name')}
              hint={t('security.passkeys.nameHint')}
              maxLength={40}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <TextField
              label={t('security.passkeys.password')}
              hint={t('security.passkeys.passwordHint')}
              error={passwordError}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <Button type="submit" block disabled={add.isPending}>
              {add.isPending ? t('security.passkeys.adding') : t('security.passkeys.add')}
            </Button>
          </form>
        ) : (
          <p>{t('security.passkeys.unsupported')}</p>
        )}
      </Card>
    </Screen>
  );
}
