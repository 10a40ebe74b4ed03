import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.ts';
import { adminError } from './errors.ts';

/** Shared bits of the console's screens (kept here until the lead lifts shared ones). */
export const codeOf = (e: unknown) => (e instanceof ApiError ? e.code : undefined);

/** An API failure in plain words (role), never the code. */
export function ApiProblem({ error }: { error: unknown }) {
  const { i18n } = useTranslation();
  if (!error) return null;
  return (
    <div className="yb-alert" role="alert">
      {adminError(codeOf(error), i18n.language)}
    </div>
  );
}

export function Notice({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'ok' | 'bad' }) {
  return (
    <div className="adm-notice" data-tone={tone} role="status">
      {children}
    </div>
  );
}

export function useWhen() {
  const { i18n } = useTranslation();
  return (iso: string | null | undefined) =>
    iso
      ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' }).format(
          new Date(iso),
        )
      : '—';
}

/** A short, readable form of an id (the full id is in the title for copying). */
export const shortId = (id: string) => id.slice(-8);

export function PageHead({ title, intro }: { title: string; intro?: string }) {
  return (
    <header className="adm-head">
      <h1>{title}</h1>
      {intro ? <p className="yb-muted yb-small">{intro}</p> : null}
    </header>
  );
}

/** A labelled select (the design system has text fields only). */
export function SelectField({
  label,
  value,
  onChange,
  children,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  children: ReactNode;
}) {
  return (
    <label className="yb-field adm-select">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </label>
  );
}
