import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card } from '../design/components.tsx';
import { type Delivery, merchantApi } from './api.ts';
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

const TONE = { pending: 'wait', delivered: 'ok', failed: 'off', cancelled: 'off' } as const;

/** One endpoint: send a test event, change the signing secret with an overlap, delete, delivery log. */
export function WebhookScreen() {
  const { t } = useTranslation();
  const when = useWhen();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { merchantId, webhookId = '' } = usePortalParams();
  const hooks = useQuery({
    queryKey: ['merchant', merchantId, 'hooks'],
    queryFn: () => merchantApi.webhooks(merchantId),
  });
  const hook = hooks.data?.find((h) => h.id === webhookId);
  const deliveries = useQuery({
    queryKey: ['merchant', merchantId, 'hooks', webhookId, 'deliveries'],
    queryFn: () => merchantApi.deliveries(merchantId, webhookId),
    // While something waits to be sent, look again every few seconds.
    refetchInterval: (q) => (q.state.data?.some((d) => d.status === 'pending') ? 2000 : false),
  });
  const [secret, setSecret] = useState<{ value: string; until: string | null } | null>(null);
  const [sent, setSent] = useState(false);
  const [overlap, setOverlap] = useState('86400');
  const [rotating, setRotating] = useState(false);
  const refreshLog = () =>
    queryClient.invalidateQueries({ queryKey: ['merchant', merchantId, 'hooks', webhookId, 'deliveries'] });
  const test = useMutation({
    mutationFn: () => merchantApi.testWebhook(merchantId, webhookId),
    onSuccess: () => {
      setSent(true);
      void refreshLog();
    },
  });
  const rotate = useMutation({
    mutationFn: () => merchantApi.rotateWebhookSecret(merchantId, webhookId, Number(overlap)),
    onSuccess: (r) => {
      setRotating(false);
      setSecret({ value: r.secret, until: r.webhook.previousSecretExpiresAt });
      void queryClient.invalidateQueries({ queryKey: ['merchant', merchantId, 'hooks'] });
    },
  });
  const remove = useMutation({
    mutationFn: () => merchantApi.deleteWebhook(merchantId, webhookId),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['merchant', merchantId, 'hooks'] });
      await navigate({ to: '/merchant/$merchantId/webhooks', params: { merchantId } });
    },
  });
  const live = hook && !hook.deletedAt;
  return (
    <>
      <h1>{t('merchant.hook.title')}</h1>
      <OwnersOnly merchantId={merchantId}>
        <Problem error={hooks.error} />
        {hooks.data && !hook ? <Problem error={{ code: 'WEBHOOK_NOT_FOUND' }} /> : null}
        {hook ? (
          <Card>
            <div className="yb-stack">
              <code className="mp-code" data-testid="webhook-url">
                {hook.url}
              </code>
              <p className="yb-small">
                {hook.events.length
                  ? hook.events.map((e) => t(`merchant.hooks.eventNames.${e}`)).join(' · ')
                  : t('merchant.hooks.allEvents')}
              </p>
              {secret ? (
                <SecretOnce
                  label={t('merchant.hook.rotated', { when: when(secret.until) })}
                  secret={secret.value}
                  onDone={() => setSecret(null)}
                />
              ) : null}
              {live ? (
                <div className="yb-row">
                  <Button disabled={test.isPending} onClick={() => test.mutate()}>
                    {t('merchant.hook.test')}
                  </Button>
                  {rotating ? null : (
                    <Button variant="secondary" onClick={() => setRotating(true)}>
                      {t('merchant.hook.rotate')}
                    </Button>
                  )}
                  <ConfirmAction
                    label={t('merchant.hook.remove')}
                    question={t('merchant.hook.confirmRemove')}
                    yes={t('merchant.hook.confirmRemoveYes')}
                    busy={remove.isPending}
                    onConfirm={() => remove.mutate()}
                  />
                </div>
              ) : (
                <Pill tone="off">{t('merchant.hooks.deleted')}</Pill>
              )}
              {rotating ? (
                <div className="mp-confirm">
                  <SelectField label={t('merchant.hook.rotateOverlap')} value={overlap} onChange={setOverlap}>
                    {OVERLAPS.map((o) => (
                      <option key={o.seconds} value={String(o.seconds)}>
                        {t(`merchant.keys.${o.key}`)}
                      </option>
                    ))}
                  </SelectField>
                  <div className="yb-row">
                    <Button disabled={rotate.isPending} onClick={() => rotate.mutate()}>
                      {t('merchant.hook.rotate')}
                    </Button>
                    <Button variant="ghost" onClick={() => setRotating(false)}>
                      {t('merchant.cancel')}
                    </Button>
                  </div>
                </div>
              ) : null}
              {sent ? (
                <p className="yb-small" role="status">
                  {t('merchant.hook.testSent')}
                </p>
              ) : null}
              <Problem error={test.error ?? rotate.error ?? remove.error} />
            </div>
          </Card>
        ) : null}
        <Card title={t('merchant.hook.deliveries')}>
          <div className="yb-stack">
            <div>
              <Button variant="secondary" onClick={() => void refreshLog()}>
                {t('merchant.hook.refresh')}
              </Button>
            </div>
            <Problem error={deliveries.error} />
            {deliveries.data?.length === 0 ? <p className="yb-muted">{t('merchant.hook.empty')}</p> : null}
            <ul className="mp-items">
              {deliveries.data?.map((d) => (
                <DeliveryRow
                  key={d.id}
                  merchantId={merchantId}
                  webhookId={webhookId}
                  delivery={d}
                  canResend={!!live}
                />
              ))}
            </ul>
          </div>
        </Card>
        <Link to="/merchant/$merchantId/webhooks" params={{ merchantId }} className="mp-back">
          ‹ {t('merchant.nav.webhooks')}
        </Link>
      </OwnersOnly>
    </>
  );
}

function DeliveryRow({
  merchantId,
  webhookId,
  delivery: d,
  canResend,
}: {
  merchantId: string;
  webhookId: string;
  delivery: Delivery;
  canResend: boolean;
}) {
  const { t } = useTranslation();
  const when = useWhen();
  const queryClient = useQueryClient();
  const resend = useMutation({
    mutationFn: () => merchantApi.resend(merchantId, webhookId, d.id),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: ['merchant', merchantId, 'hooks', webhookId, 'deliveries'] }),
  });
  return (
    <li className="mp-item" data-testid="delivery-row" data-status={d.status}>
      <div className="mp-item-head">
        <strong>
          {t(`merchant.hooks.eventNames.${d.eventType}`, { defaultValue: d.eventType })}{' '}
          <code className="yb-small">{d.eventType}</code>
        </strong>
        <Pill tone={TONE[d.status]}>{t(`merchant.hook.statusName.${d.status}`)}</Pill>
      </div>
      <div className="yb-small yb-muted">{when(d.createdAt)}</div>
      <div className="yb-small">
        <span className="mp-label">{t('merchant.hook.attempts')}:</span>
        {d.attempts.length === 0 ? (
          ` ${t('merchant.hook.attemptNone')}`
        ) : (
          <ol className="mp-attempts">
            {d.attempts.map((a) => (
              <li key={a.at}>
                {t('merchant.hook.attempt', {
                  when: when(a.at),
                  result: a.statusCode
                    ? t('merchant.hook.httpStatus', { code: a.statusCode })
                    : (a.error ?? '—'),
                  ms: a.durationMs ?? '—',
                })}
              </li>
            ))}
          </ol>
        )}
      </div>
      {d.status === 'pending' && d.nextAttemptAt ? (
        <div className="yb-small yb-muted">
          {t('merchant.hook.nextAttempt', { when: when(d.nextAttemptAt) })}
        </div>
      ) : null}
      {canResend && d.status !== 'pending' ? (
        <div>
          <Button variant="secondary" disabled={resend.isPending} onClick={() => resend.mutate()}>
            {t('merchant.hook.resend')}
          </Button>
        </div>
      ) : null}
      {resend.isSuccess ? (
        <p className="yb-small" role="status">
          {t('merchant.hook.resent')}
        </p>
      ) : null}
      <Problem error={resend.error} />
    </li>
  );
}
