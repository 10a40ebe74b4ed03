import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api.ts';
import { errorMessage } from '../../errors.ts';
import { currentSession } from '../../session.ts';
import './security.css';

/** Plain words for a failure: the API's code through errors.ts; a wrong password said as such. */
export function useErrorText() {
  const { t, i18n } = useTranslation();
  return (e: unknown): string | null => {
    if (!e) return null;
    const code = e instanceof ApiError ? e.code : undefined;
    if (code === 'INVALID_CREDENTIALS') return t('security.wrongPassword');
    return errorMessage(code, i18n.language);
  };
}

/** A success message read out by screen readers. */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="sec-notice" role="status">
      {children}
    </div>
  );
}

/** "Are you sure?" with what will happen, and the two buttons. */
export function Confirm({
  title,
  text,
  yes,
  busy,
  onYes,
  onNo,
}: {
  title?: string;
  text: string;
  yes: string;
  busy?: boolean;
  onYes: () => void;
  onNo: () => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="sec-confirm" aria-label={title ?? text}>
      {title ? <h2 className="yb-card-title">{title}</h2> : null}
      <p>{text}</p>
      <div className="sec-buttons">
        <button type="button" className="yb-button" data-variant="danger" disabled={busy} onClick={onYes}>
          {yes}
        </button>
        <button type="button" className="yb-button" data-variant="secondary" onClick={onNo}>
          {t('security.cancel')}
        </button>
      </div>
    </section>
  );
}

/** The signed-in customer and wallet (the same queries, so the same cache, as home). */
export function useMeAndWallet() {
  const token = currentSession()?.token ?? '';
  const me = useQuery({ queryKey: ['me', token], queryFn: () => api.me(token), enabled: !!token });
  const walletId = me.data?.walletId;
  const wallet = useQuery({
    queryKey: ['wallet', walletId],
    queryFn: () => api.wallet(token, walletId!),
    enabled: !!walletId,
  });
  return { me, wallet };
}
