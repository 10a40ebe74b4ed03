import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { Alert, Button, Card, Switch } from '../../design/components.tsx';
import { errorMessage } from '../../errors.ts';
import { Screen } from '../../screens/Layout.tsx';
import { nfcApi } from './api.ts';
import { forgetTapKey, newTapKeyPair, saveTapKey, storedTapKey } from './tap-key.ts';
import './paycode.css';

const KEYS = ['nfc-keys'] as const;
const supported = () => typeof indexedDB !== 'undefined' && !!globalThis.crypto?.subtle;

/**
 * Tap to pay (security centre): switching it on makes this device's P-256 key (WebCrypto, private key
 * not extractable, kept in IndexedDB) and registers its public key; off removes it. Every device's
 * key is listed and can be removed.
 */
export function TapToPayScreen() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: KEYS, queryFn: nfcApi.list });
  const local = useQuery({ queryKey: [...KEYS, 'local'], queryFn: storedTapKey, enabled: supported() });
  const refresh = () => queryClient.invalidateQueries({ queryKey: KEYS });
  const mineId = local.data?.keyId;
  const on = !!mineId && !!keys.data?.some((k) => k.id === mineId);

  const switchOn = useMutation({
    mutationFn: async () => {
      const pair = await newTapKeyPair();
      const key = await nfcApi.register(pair.publicKey);
      await saveTapKey({ keyId: key.id, privateKey: pair.privateKey, counter: 0 });
    },
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: async (keyId: string) => {
      await nfcApi.remove(keyId);
      if (keyId === mineId) await forgetTapKey();
    },
    onSettled: refresh,
  });
  const error = switchOn.error ?? remove.error ?? keys.error;
  const date = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

  return (
    <Screen title={t('paycode.tap.title')} back="/security">
      <p className="yb-small">{t('paycode.tap.intro')}</p>
      {error ? (
        <Alert>{errorMessage(error instanceof ApiError ? error.code : undefined, i18n.language)}</Alert>
      ) : null}
      <Card>
        <div className="yb-stack">
          {supported() ? (
            <Switch
              label={t('paycode.tap.switch')}
              description={t('paycode.tap.switchHint')}
              checked={on}
              onChange={(want) => {
                if (switchOn.isPending || remove.isPending) return;
                if (want) switchOn.mutate();
                else if (mineId) remove.mutate(mineId);
              }}
            />
          ) : (
            <p>{t('paycode.tap.unsupported')}</p>
          )}
          <p role="status" className="yb-muted yb-small">
            {keys.data && !local.isPending ? t(on ? 'paycode.tap.on' : 'paycode.tap.off') : ''}
          </p>
          <p className="yb-muted yb-small">{t('paycode.tap.browserNote')}</p>
        </div>
      </Card>
      <Card title={t('paycode.tap.keys')}>
        {keys.data?.length ? (
          <ul className="yb-stack paycode-keys">
            {keys.data.map((k) => (
              <li key={k.id} className="paycode-key">
                <span>
                  <strong>{t(k.id === mineId ? 'paycode.tap.thisDevice' : 'paycode.tap.otherDevice')}</strong>
                  <span className="yb-muted yb-small" style={{ display: 'block' }}>
                    {t('paycode.tap.created', { date: date(k.createdAt) })}
                    {k.lastUsedAt ? ` · ${t('paycode.tap.lastUsed', { date: date(k.lastUsedAt) })}` : ''}
                  </span>
                </span>
                <Button variant="secondary" disabled={remove.isPending} onClick={() => remove.mutate(k.id)}>
                  {remove.isPending && remove.variables === k.id
                    ? t('paycode.tap.removing')
                    : t('paycode.tap.remove')}
                </Button>
              </li>
            ))}
          </ul>
        ) : keys.data ? (
          <p className="yb-muted">{t('paycode.tap.none')}</p>
        ) : (
          <p className="yb-muted">{t('common.loading')}</p>
        )}
      </Card>
    </Screen>
  );
}
