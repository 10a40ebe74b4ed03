import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, TextField } from '../design/components.tsx';
import { API_KEY_SCOPES, type ApiKey, type ApiKeyScope, merchantApi } from './api.ts';
import {
  ConfirmAction,
  OVERLAPS,
  OwnersOnly,
  Pill,
  Problem,
  SecretOnce,
  SelectField,
  usePortalParams,
  useWhen,
} from './ui.tsx';

/** i18next reads ':' as a namespace separator: the text keys use '_'. */
const scopeKey = (s: ApiKeyScope) => s.replace(':', '_');
const TONE = { active: 'ok', expiring: 'wait', expired: 'off', revoked: 'off' } as const;

/** API keys (owners): create with scopes (the key shown once), rotate with an overlap, revoke. */
export function ApiKeysScreen() {
  const { t } = useTranslation();
  const { merchantId } = usePortalParams();
  const queryClient = useQueryClient();
  const keys = useQuery({
    queryKey: ['merchant', merchantId, 'keys'],
    queryFn: () => merchantApi.apiKeys(merchantId),
  });
  const [secret, setSecret] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['merchant', merchantId, 'keys'] });
  const shown = (key: string) => {
    setSecret(key);
    void refresh();
  };
  return (
    <>
      <h1>{t('merchant.keys.title')}</h1>
      <OwnersOnly merchantId={merchantId}>
        <p className="yb-muted">{t('merchant.keys.intro')}</p>
        {secret ? (
          <SecretOnce label={t('merchant.keys.newKey')} secret={secret} onDone={() => setSecret(null)} />
        ) : (
          <NewKey merchantId={merchantId} onCreated={shown} />
        )}
        <Card title={t('merchant.keys.list')}>
          <Problem error={keys.error} />
          {keys.data?.length === 0 ? <p className="yb-muted">{t('merchant.keys.empty')}</p> : null}
          <ul className="mp-items">
            {keys.data?.map((k) => (
              <KeyRow key={k.id} merchantId={merchantId} apiKey={k} onRotated={shown} onChanged={refresh} />
            ))}
          </ul>
        </Card>
      </OwnersOnly>
    </>
  );
}

function NewKey({ merchantId, onCreated }: { merchantId: string; onCreated: (key: string) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>(['orders:write', 'orders:read']);
  const [shown, setShown] = useState(false);
  const create = useMutation({
    mutationFn: () => merchantApi.createApiKey(merchantId, { name: name.trim(), scopes }),
    onSuccess: (r) => {
      setName('');
      setShown(false);
      onCreated(r.key);
    },
  });
  const nameError = name.trim() ? null : t('merchant.apply.required');
  const scopesError = scopes.length ? null : t('merchant.keys.scopesRequired');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (!nameError && !scopesError) create.mutate();
  };
  return (
    <Card title={t('merchant.keys.newTitle')}>
      <form className="yb-stack" onSubmit={submit} noValidate>
        <TextField
          label={t('merchant.keys.name')}
          hint={t('merchant.keys.nameHint')}
          maxLength={64}
          value={name}
          error={shown ? nameError : null}
          onChange={(e) => setName(e.target.value)}
        />
        <fieldset className="yb-fieldset mp-choices">
          <legend className="mp-legend">{t('merchant.keys.scopes')}</legend>
          {API_KEY_SCOPES.map((s) => (
            <label key={s} className="mp-choice">
              <input
                type="checkbox"
                checked={scopes.includes(s)}
                onChange={(e) => setScopes((x) => (e.target.checked ? [...x, s] : x.filter((y) => y !== s)))}
              />
              <span>
                {t(`merchant.keys.scopeNames.${scopeKey(s)}`)} <code className="yb-small">{s}</code>
              </span>
            </label>
          ))}
          {shown && scopesError ? <span className="yb-field-error">{scopesError}</span> : null}
        </fieldset>
        <Problem error={create.error} />
        <Button type="submit" block disabled={create.isPending}>
          {create.isPending ? t('merchant.keys.creating') : t('merchant.keys.create')}
        </Button>
      </form>
    </Card>
  );
}

function KeyRow({
  merchantId,
  apiKey: k,
  onRotated,
  onChanged,
}: {
  merchantId: string;
  apiKey: ApiKey;
  onRotated: (key: string) => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const when = useWhen();
  const [rotating, setRotating] = useState(false);
  const [overlap, setOverlap] = useState('86400');
  const rotate = useMutation({
    mutationFn: () => merchantApi.rotateApiKey(merchantId, k.id, Number(overlap)),
    onSuccess: (r) => {
      setRotating(false);
      onRotated(r.key);
    },
  });
  const revoke = useMutation({
    mutationFn: () => merchantApi.revokeApiKey(merchantId, k.id),
    onSuccess: onChanged,
  });
  const live = k.status === 'active';
  const revocable = live || k.status === 'expiring';
  return (
    <li className="mp-item" data-testid="key-row">
      <div className="mp-item-head">
        <strong>{k.name}</strong>
        <Pill tone={TONE[k.status]}>{t(`merchant.keys.statusName.${k.status}`)}</Pill>
      </div>
      <code className="mp-code">{k.prefix}…</code>
      <div className="yb-small">
        {k.scopes.map((s) => t(`merchant.keys.scopeNames.${scopeKey(s)}`)).join(' · ')}
      </div>
      <div className="yb-small yb-muted">
        {k.lastUsedAt
          ? t('merchant.keys.lastUsed', { when: when(k.lastUsedAt) })
          : t('merchant.keys.neverUsed')}
        {k.expiresAt ? ` · ${t('merchant.keys.expiresAt', { when: when(k.expiresAt) })}` : ''}
      </div>
      {live && rotating ? (
        <div className="mp-confirm">
          <SelectField label={t('merchant.keys.rotateOverlap')} value={overlap} onChange={setOverlap}>
            {OVERLAPS.map((o) => (
              <option key={o.seconds} value={String(o.seconds)}>
                {t(`merchant.keys.${o.key}`)}
              </option>
            ))}
          </SelectField>
          <div className="yb-row">
            <Button disabled={rotate.isPending} onClick={() => rotate.mutate()}>
              {t('merchant.keys.confirmRotate')}
            </Button>
            <Button variant="ghost" onClick={() => setRotating(false)}>
              {t('merchant.cancel')}
            </Button>
          </div>
        </div>
      ) : null}
      {revocable && !rotating ? (
        <div className="yb-row">
          {live ? (
            <Button variant="secondary" onClick={() => setRotating(true)}>
              {t('merchant.keys.rotate')}
            </Button>
          ) : null}
          <ConfirmAction
            label={t('merchant.keys.revoke')}
            question={t('merchant.keys.confirmRevoke')}
            yes={t('merchant.keys.confirmRevokeYes')}
            busy={revoke.isPending}
            onConfirm={() => revoke.mutate()}
          />
        </div>
      ) : null}
      <Problem error={rotate.error ?? revoke.error} />
    </li>
  );
}
