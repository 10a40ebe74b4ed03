import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi } from './api.ts';
import { ApiProblem, codeOf, Notice, PageHead, useWhen } from './ui.tsx';

/** `staff:01a2…7882` → `staff:…a91997882` (the full reference is in the title). */
const shortRef = (ref: string) => ref.replace(/^(\w+):[0-9a-f-]{28}([0-9a-f]{8})$/, '$1:…$2');

/** The entry's (already masked) data as `key: value` lines. */
function DataCell({ data }: { data: unknown }) {
  if (data === null || data === undefined) return <>—</>;
  if (typeof data !== 'object') return <>{String(data)}</>;
  const entries = Object.entries(data as Record<string, unknown>);
  if (entries.length === 0) return <>—</>;
  return (
    <>
      {entries.map(([k, v]) => (
        <div key={k}>
          <span className="yb-muted">{k}:</span> {typeof v === 'string' ? v : JSON.stringify(v)}
        </div>
      ))}
    </>
  );
}

/** The audit log, newest first, paged by sequence number; the chain verification on top. */
export function AuditLog() {
  const { t } = useTranslation();
  const when = useWhen();
  const [pages, setPages] = useState<number[]>([]); // the `before` cursors of the pages visited
  const before = pages[pages.length - 1];
  const q = useQuery({ queryKey: ['admin', 'audit', before ?? 0], queryFn: () => adminApi.audit(before) });
  const v = q.data?.verification;
  const items = q.data?.items ?? [];
  const last = items[items.length - 1];
  return (
    <>
      <PageHead title={t('admin.audit.title')} intro={t('admin.audit.intro')} />
      {q.isPending ? <p>{t('admin.loading')}</p> : null}
      {codeOf(q.error) === 'FORBIDDEN' ? (
        <Notice tone="bad">{t('admin.forbidden')}</Notice>
      ) : (
        <ApiProblem error={q.error} />
      )}
      {v ? (
        <div className="adm-verify" data-ok={v.ok ? '' : undefined} role="status" data-testid="chain">
          <span aria-hidden="true">{v.ok ? '✓' : '✗'}</span>
          {v.ok ? t('admin.audit.ok', { rows: v.rows }) : t('admin.audit.broken', { at: v.brokenAt ?? '?' })}
        </div>
      ) : null}
      {q.data ? (
        <section className="adm-panel">
          {items.length === 0 ? (
            <p className="yb-muted yb-small">{t('admin.audit.empty')}</p>
          ) : (
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard (axe: scrollable-region-focusable)
            <section className="adm-table-wrap" aria-label={t('admin.audit.title')} tabIndex={0}>
              <table className="adm-table adm-audit">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.audit.seq')}</th>
                    <th scope="col">{t('admin.audit.time')}</th>
                    <th scope="col">{t('admin.audit.actor')}</th>
                    <th scope="col">{t('admin.audit.event')}</th>
                    <th scope="col">{t('admin.audit.subject')}</th>
                    <th scope="col">{t('admin.audit.data')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((r) => (
                    <tr key={r.seq}>
                      <td className="adm-mono">{r.seq}</td>
                      <td className="adm-nowrap">{when(r.at)}</td>
                      <td className="adm-mono" title={r.actor}>
                        {shortRef(r.actor)}
                      </td>
                      <td className="adm-mono">{r.event}</td>
                      <td className="adm-mono" title={r.subject ?? undefined}>
                        {r.subject ? shortRef(r.subject) : '—'}
                      </td>
                      <td className="adm-mono adm-data">
                        <DataCell data={r.data} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          <div className="adm-buttons adm-pager">
            {pages.length > 0 ? (
              <button type="button" className="adm-btn" onClick={() => setPages([])}>
                {t('admin.audit.newest')}
              </button>
            ) : null}
            {last && last.seq > 1 && items.length >= 50 ? (
              <button type="button" className="adm-btn" onClick={() => setPages([...pages, last.seq])}>
                {t('admin.audit.older')}
              </button>
            ) : null}
          </div>
        </section>
      ) : null}
    </>
  );
}
