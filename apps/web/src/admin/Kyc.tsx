import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, TextField } from '../design/components.tsx';
import { adminApi } from './api.ts';
import { ApiProblem, codeOf, Notice, PageHead, useWhen } from './ui.tsx';

/** The KYC review queue (oldest first, masked). */
export function KycQueue() {
  const { t } = useTranslation();
  const when = useWhen();
  const q = useQuery({ queryKey: ['admin', 'kyc'], queryFn: () => adminApi.kycReviews() });
  return (
    <>
      <PageHead title={t('admin.kyc.title')} intro={t('admin.kyc.intro')} />
      {q.isPending ? <p>{t('admin.loading')}</p> : null}
      {codeOf(q.error) === 'FORBIDDEN' ? <Notice tone="bad">{t('admin.forbidden')}</Notice> : null}
      {q.error && codeOf(q.error) !== 'FORBIDDEN' ? <ApiProblem error={q.error} /> : null}
      {q.data ? (
        <section className="adm-panel">
          {q.data.items.length === 0 ? (
            <p className="yb-muted yb-small">{t('admin.kyc.empty')}</p>
          ) : (
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard (axe: scrollable-region-focusable)
            <section className="adm-table-wrap" aria-label={t('admin.kyc.title')} tabIndex={0}>
              <table className="adm-table">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.kyc.kind')}</th>
                    <th scope="col">{t('admin.kyc.customer')}</th>
                    <th scope="col">{t('admin.kyc.tiers')}</th>
                    <th scope="col">{t('admin.kyc.time')}</th>
                    <th scope="col">
                      <span className="adm-sr">{t('admin.kyc.open')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {q.data.items.map((r) => (
                    <tr key={r.id}>
                      <td>{t(`admin.kyc.kinds.${r.kind}`)}</td>
                      <td className="adm-mono">{r.maskedPhone}</td>
                      <td className="adm-nowrap">
                        {r.currentTier} → {r.requestedTier}
                      </td>
                      <td className="adm-nowrap">{when(r.createdAt)}</td>
                      <td>
                        <Link to="/admin/kyc/$reviewId" params={{ reviewId: r.id }}>
                          {t('admin.kyc.open')}
                          <span className="adm-sr"> {r.maskedPhone}</span>
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
        </section>
      ) : null}
    </>
  );
}

/** One KYC case: masked evidence, approve or reject with a reason. */
export function KycReview() {
  const { t } = useTranslation();
  const when = useWhen();
  const queryClient = useQueryClient();
  const { reviewId } = useParams({ strict: false }) as { reviewId: string };
  const q = useQuery({ queryKey: ['admin', 'kyc', reviewId], queryFn: () => adminApi.kycReview(reviewId) });
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const done = () => queryClient.invalidateQueries({ queryKey: ['admin', 'kyc'] });
  const approve = useMutation({ mutationFn: () => adminApi.approveKyc(reviewId), onSuccess: done });
  const reject = useMutation({
    mutationFn: () => adminApi.rejectKyc(reviewId, reason.trim()),
    onSuccess: done,
  });
  const reasonOk = reason.trim().length >= 3;
  const submitReject = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (reasonOk) reject.mutate();
  };
  const r = q.data;
  const decided = approve.data ?? reject.data;
  return (
    <>
      <p className="yb-small">
        <Link to="/admin/kyc">← {t('admin.kyc.back')}</Link>
      </p>
      <PageHead title={t('admin.kyc.detail')} />
      <ApiProblem error={q.error} />
      {r ? (
        <div className="adm-grid">
          <section className="adm-panel">
            <dl className="adm-dl">
              <dt>{t('admin.kyc.kind')}</dt>
              <dd>{t(`admin.kyc.kinds.${r.kind}`)}</dd>
              <dt>{t('admin.kyc.customer')}</dt>
              <dd className="adm-mono">{r.maskedPhone}</dd>
              <dt>{t('admin.kyc.requested')}</dt>
              <dd>{t(`tiers.${r.requestedTier}`, { defaultValue: String(r.requestedTier) })}</dd>
              <dt>{t('admin.kyc.current')}</dt>
              <dd>{t(`tiers.${r.currentTier}`, { defaultValue: String(r.currentTier) })}</dd>
              <dt>{t('admin.kyc.applied')}</dt>
              <dd>{r.applied ? t('admin.kyc.yes') : t('admin.kyc.no')}</dd>
              <dt>{t('admin.kyc.time')}</dt>
              <dd>{when(r.createdAt)}</dd>
              <dt>{t('admin.kyc.status')}</dt>
              <dd>
                <span className="adm-badge" data-status={r.status}>
                  {t(`admin.requests.statuses.${r.status}`)}
                </span>
              </dd>
            </dl>
          </section>
          <section className="adm-panel" aria-labelledby="adm-evidence">
            <h2 id="adm-evidence">{t('admin.kyc.evidence')}</h2>
            <dl className="adm-dl">
              {Object.entries(r.evidence).map(([k, v]) => (
                <div key={k} className="adm-dl-row">
                  <dt className="adm-mono">{k}</dt>
                  <dd className="adm-mono">{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
                </div>
              ))}
            </dl>
          </section>
          <section className="adm-panel adm-wide">
            {decided ? (
              <Notice tone="ok">
                {t(approve.data ? 'admin.kyc.approved' : 'admin.kyc.rejected', { tier: decided.tier })}
              </Notice>
            ) : r.status === 'pending' ? (
              <div className="yb-stack adm-decision">
                <ApiProblem error={approve.error ?? reject.error} />
                <Button onClick={() => approve.mutate()} disabled={approve.isPending || reject.isPending}>
                  {t('admin.kyc.approve')}
                </Button>
                <form className="yb-stack" onSubmit={submitReject} noValidate>
                  <TextField
                    label={t('admin.kyc.reason')}
                    hint={t('admin.kyc.reasonHint')}
                    error={touched && !reasonOk ? t('admin.customer.reasonRequired') : null}
                    maxLength={500}
                    value={reason}
                    onChange={(e) => setReason(e.target.value)}
                  />
                  <Button type="submit" variant="secondary" disabled={approve.isPending || reject.isPending}>
                    {t('admin.kyc.reject')}
                  </Button>
                </form>
              </div>
            ) : null}
          </section>
        </div>
      ) : null}
    </>
  );
}
