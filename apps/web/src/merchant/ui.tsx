import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.ts';
import { Alert, Button } from '../design/components.tsx';
import { errorMessage } from '../errors.ts';
import { type Merchant, merchantApi } from './api.ts';

/** Shared pieces of the portal's screens. */
export const codeOf = (e: unknown): string | undefined =>
  e instanceof ApiError
    ? e.code
    : e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string'
      ? (e as { code: string }).code
      : undefined;

/** The merchants the signed-in customer owns or works at (one query the whole portal shares). */
export function useMyMerchants() {
  return useQuery({ queryKey: ['merchant', 'mine'], queryFn: merchantApi.mine });
}

/** The merchant of the URL among the caller's, with their role there. */
export function useMerchant(merchantId: string): {
  merchant?: Merchant;
  isOwner: boolean;
  loading: boolean;
  error: unknown;
} {
  const mine = useMyMerchants();
  const merchant = mine.data?.find((m) => m.id === merchantId);
  return { merchant, isOwner: merchant?.role === 'owner', loading: mine.isPending, error: mine.error };
}

/** An API failure in plain words (never the code). */
export function Problem({ error }: { error: unknown }) {
  const { i18n } = useTranslation();
  if (!error) return null;
  return <Alert>{errorMessage(codeOf(error), i18n.language)}</Alert>;
}

export function useWhen() {
  const { i18n } = useTranslation();
  return (iso: string | null | undefined) =>
    iso
      ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(
          new Date(iso),
        )
      : '—';
}

/** A labelled select, styled like the text fields. */
export function SelectField({
  label,
  value,
  onChange,
  children,
  error,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  children: ReactNode;
  error?: string | null;
}) {
  const id = useId();
  return (
    <div className="yb-field mp-select" data-invalid={error ? '' : undefined}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        {children}
      </select>
      {error ? (
        <span id={`${id}-error`} className="yb-field-error">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** A secret the API shows this once (an API key, a signing secret): copy it, then confirm it is saved. */
export function SecretOnce({ label, secret, onDone }: { label: string; secret: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <section className="mp-secret" aria-label={label}>
      <h3>{label}</h3>
      <p className="yb-small">{t('merchant.shownOnce')}</p>
      <code className="mp-secret-value" data-testid="secret-once">
        {secret}
      </code>
      <div className="yb-row">
        <Button variant="secondary" onClick={() => void copy()}>
          {t('merchant.copy')}
        </Button>
        <Button onClick={onDone}>{t('merchant.done')}</Button>
      </div>
      {copied === 'yes' ? (
        <p className="yb-small" role="status">
          {t('merchant.copied')}
        </p>
      ) : null}
      {copied === 'failed' ? <Alert>{t('merchant.copyFailed')}</Alert> : null}
    </section>
  );
}

/** A destructive action behind a question: the first press asks, the second does it. */
export function ConfirmAction({
  label,
  question,
  yes,
  onConfirm,
  busy,
}: {
  label: string;
  question: string;
  yes: string;
  onConfirm: () => void;
  busy?: boolean;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <Button variant="secondary" onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  return (
    <div className="mp-confirm">
      <p className="yb-small">{question}</p>
      <div className="yb-row">
        <Button
          disabled={busy}
          onClick={() => {
            onConfirm();
            setAsking(false);
          }}
        >
          {yes}
        </Button>
        <Button variant="ghost" onClick={() => setAsking(false)}>
          {t('merchant.cancel')}
        </Button>
      </div>
    </div>
  );
}

/** A small status pill; `tone` picks the colour (text stays AA on each). */
export function Pill({ tone, children }: { tone: 'ok' | 'wait' | 'off'; children: ReactNode }) {
  return (
    <span className="mp-pill" data-tone={tone}>
      {children}
    </span>
  );
}

/** The ids in the portal's URL (the screens are loaded lazily, so they read the params loosely). */
export function usePortalParams() {
  return useParams({ strict: false }) as { merchantId: string; qrCodeId?: string; webhookId?: string };
}

/** How long an old key or signing secret keeps working after a rotation. */
export const OVERLAPS = [
  { seconds: 0, key: 'overlapNone' },
  { seconds: 3600, key: 'overlapHour' },
  { seconds: 86400, key: 'overlapDay' },
  { seconds: 604800, key: 'overlapWeek' },
] as const;

/**
 * An owner's screen: a cashier who reaches it by its address gets the server's words for it (the
 * navigation never shows them the way) instead of forms that would be refused.
 */
export function OwnersOnly({ merchantId, children }: { merchantId: string; children: ReactNode }) {
  const { merchant } = useMerchant(merchantId);
  if (merchant && merchant.role !== 'owner') return <Problem error={{ code: 'MERCHANT_ROLE_FORBIDDEN' }} />;
  return <>{children}</>;
}
