import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { adminApi } from './api.ts';
import { RequestsTable } from './RequestsTable.tsx';
import { ApiProblem, PageHead } from './ui.tsx';

/** All maker–checker requests: pending first (oldest waiting on top), then decided, newest first. */
export function RequestsScreen() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['admin', 'requests', 'all'], queryFn: () => adminApi.requests() });
  const items = q.data?.items ?? [];
  const pending = items.filter((r) => r.status === 'pending').reverse();
  const decided = items.filter((r) => r.status !== 'pending');
  return (
    <>
      <PageHead title={t('admin.requests.title')} intro={t('admin.requests.intro')} />
      {q.isPending ? <p>{t('admin.loading')}</p> : null}
      <ApiProblem error={q.error} />
      {q.data ? (
        <>
          <section className="adm-panel" aria-labelledby="adm-pending">
            <h2 id="adm-pending">
              {t('admin.requests.pending')} <span className="adm-count">{pending.length}</span>
            </h2>
            <RequestsTable items={pending} empty={t('admin.requests.emptyPending')} />
          </section>
          <section className="adm-panel" aria-labelledby="adm-decided">
            <h2 id="adm-decided">{t('admin.requests.decided')}</h2>
            <RequestsTable items={decided} empty={t('admin.requests.emptyDecided')} />
          </section>
        </>
      ) : null}
    </>
  );
}
