import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, TextField } from '../design/components.tsx';
import { merchantApi, WEBHOOK_EVENTS, type WebhookEvent } from './api.ts';
import { OwnersOnly, Pill, Problem, SecretOnce, usePortalParams, useWhen } from './ui.tsx';

/** Webhook endpoints (owners): add one (its signing secret shown once), the list, each one's page. */
export function WebhooksScreen() {
  const { t } = useTranslation();
  const when = useWhen();
  const { merchantId } = usePortalParams();
  const hooks = useQuery({
    queryKey: ['merchant', merchantId, 'hooks'],
    queryFn: () => merchantApi.webhooks(merchantId),
  });
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <>
      <h1>{t('merchant.hooks.title')}</h1>
      <OwnersOnly merchantId={merchantId}>
        <p className="yb-muted">{t('merchant.hooks.intro')}</p>
        {secret ? (
          <SecretOnce label={t('merchant.hooks.secret')} secret={secret} onDone={() => setSecret(null)} />
        ) : (
          <NewEndpoint merchantId={merchantId} onAdded={setSecret} />
        )}
        <Card title={t('merchant.hooks.list')}>
          <Problem error={hooks.error} />
          {hooks.data?.length === 0 ? <p className="yb-muted">{t('merchant.hooks.empty')}</p> : null}
          <ul className="mp-items">
            {hooks.data?.map((h) => (
              <li key={h.id} className="mp-item" data-testid="webhook-row">
                <div className="mp-item-head">
                  <code className="mp-code">{h.url}</code>
                  {h.deletedAt ? <Pill tone="off">{t('merchant.hooks.deleted')}</Pill> : null}
                </div>
                <div className="yb-small">
                  {h.events.length
                    ? h.events.map((e) => t(`merchant.hooks.eventNames.${e}`)).join(' · ')
                    : t('merchant.hooks.allEvents')}
                </div>
                <div className="yb-small yb-muted">{when(h.createdAt)}</div>
                <Link
                  to="/merchant/$merchantId/webhooks/$webhookId"
                  params={{ merchantId, webhookId: h.id }}
                  className="yb-button"
                  data-variant="secondary"
                  aria-label={`${t('merchant.hooks.open')}: ${h.url}`}
                >
                  {t('merchant.hooks.open')}
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      </OwnersOnly>
    </>
  );
}

function NewEndpoint({ merchantId, onAdded }: { merchantId: string; onAdded: (secret: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>([]);
  const [shown, setShown] = useState(false);
  const add = useMutation({
    mutationFn: () => merchantApi.addWebhook(merchantId, { url: url.trim(), events }),
    onSuccess: async (r) => {
      setUrl('');
      setEvents([]);
      setShown(false);
      onAdded(r.secret);
      await queryClient.invalidateQueries({ queryKey: ['merchant', merchantId, 'hooks'] });
    },
  });
  // https only; the server also accepts http on this computer in development (it decides).
  const urlError = /^https?:\/\/\S+$/i.test(url.trim()) ? null : t('merchant.hooks.urlInvalid');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (!urlError) add.mutate();
  };
  return (
    <Card title={t('merchant.hooks.newTitle')}>
      <form className="yb-stack" onSubmit={submit} noValidate>
        <TextField
          label={t('merchant.hooks.url')}
          type="url"
          inputMode="url"
          autoComplete="off"
          placeholder="https://"
          maxLength={2048}
          value={url}
          error={shown ? urlError : null}
          onChange={(e) => setUrl(e.target.value)}
        />
        <fieldset className="yb-fieldset mp-choices">
          <legend className="mp-legend">{t('merchant.hooks.events')}</legend>
          {WEBHOOK_EVENTS.map((ev) => (
            <label key={ev} className="mp-choice">
              <input
                type="checkbox"
                checked={events.includes(ev)}
                onChange={(e) =>
                  setEvents((x) => (e.target.checked ? [...x, ev] : x.filter((y) => y !== ev)))
                }
              />
              <span>
                {t(`merchant.hooks.eventNames.${ev}`)} <code className="yb-small">{ev}</code>
              </span>
            </label>
          ))}
        </fieldset>
        <Problem error={add.error} />
        <Button type="submit" block disabled={add.isPending}>
          {add.isPending ? t('merchant.hooks.adding') : t('merchant.hooks.add')}
        </Button>
      </form>
    </Card>
  );
}
