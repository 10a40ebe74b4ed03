import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../design/money.ts';
import { adminApi, type StaffRequest } from './api.ts';
import { currentStaff } from './session.ts';
import { ApiProblem, shortId, useWhen } from './ui.tsx';

/** Maker–checker requests as a dense table, with approve / reject / withdraw per row. */
export function RequestsTable({
  items,
  empty,
  hideCustomer,
}: {
  items: StaffRequest[];
  empty: string;
  hideCustomer?: boolean;
}) {
  const { t } = useTranslation();
  const when = useWhen();
  if (items.length === 0) return <p className="yb-muted yb-small">{empty}</p>;
  const decidable = items.some((r) => r.status === 'pending');
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard (axe: scrollable-region-focusable)
    <section className="adm-table-wrap" aria-label={t('admin.requests.title')} tabIndex={0}>
      <table className="adm-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.requests.kind')}</th>
            {hideCustomer ? null : <th scope="col">{t('admin.requests.customer')}</th>}
            <th scope="col">{t('admin.requests.proposer')}</th>
            <th scope="col">{t('admin.requests.reason')}</th>
            <th scope="col">{t('admin.requests.time')}</th>
            <th scope="col">{t('admin.requests.status')}</th>
            {decidable ? <th scope="col">{t('admin.requests.actions')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id} data-request={r.id}>
              <td>
                <strong>{t(`admin.requests.kinds.${r.kind}`)}</strong>
                <Params r={r} />
              </td>
              {hideCustomer ? null : (
                <td>
                  <Link
                    to="/admin/customers/$customerId"
                    params={{ customerId: r.customerId }}
                    className="adm-mono"
                    title={r.customerId}
                  >
                    …{shortId(r.customerId)}
                  </Link>
                </td>
              )}
              <td>
                <Who id={r.proposedBy} />
              </td>
              <td className="adm-reason">{r.reason}</td>
              <td className="adm-nowrap">{when(r.createdAt)}</td>
              <td>
                <span className="adm-badge" data-status={r.status}>
                  {t(`admin.requests.statuses.${r.status}`)}
                </span>
                {r.decidedBy ? (
                  <div className="yb-small yb-muted">
                    {t('admin.requests.decidedBy')} <Who id={r.decidedBy} />
                  </div>
                ) : null}
                {r.decisionNote ? <div className="yb-small yb-muted">“{r.decisionNote}”</div> : null}
              </td>
              {decidable ? <td>{r.status === 'pending' ? <Decide r={r} /> : null}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Who({ id }: { id: string }) {
  const { t } = useTranslation();
  return currentStaff()?.staff.id === id ? (
    <strong>{t('admin.requests.you')}</strong>
  ) : (
    <span className="adm-mono" title={id}>
      …{shortId(id)}
    </span>
  );
}

function Params({ r }: { r: StaffRequest }) {
  const { t, i18n } = useTranslation();
  const p = r.params as { direction?: string; amount?: string; currency?: string; tier?: number };
  if (r.kind === 'adjust_balance' && p.amount && p.currency)
    return (
      <div className="yb-small">
        {p.direction === 'debit' ? '−' : '+'}
        {formatMoney(p.amount, p.currency, i18n.language)}
      </div>
    );
  if (r.kind === 'raise_tier' && p.tier)
    return <div className="yb-small">{t('admin.requests.toTier', { tier: p.tier })}</div>;
  return null;
}

function Decide({ r }: { r: StaffRequest }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const own = currentStaff()?.staff.id === r.proposedBy;
  const [mode, setMode] = useState<'idle' | 'reject'>('idle');
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const waitingId = useId();
  const done = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['admin', 'requests'] }),
      queryClient.invalidateQueries({ queryKey: ['admin', 'customer', r.customerId] }),
    ]);
  const approve = useMutation({ mutationFn: () => adminApi.approve(r.id), onSuccess: done });
  const reject = useMutation({ mutationFn: () => adminApi.reject(r.id, note.trim()), onSuccess: done });
  const noteOk = note.trim().length >= 3;
  const submitReject = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (noteOk) reject.mutate();
  };
  const label = own ? t('admin.requests.withdrawReason') : t('admin.requests.rejectReason');
  return (
    <div className="adm-decide">
      {own ? (
        <p id={waitingId} className="adm-waiting yb-small">
          {t('admin.requests.waiting')}
        </p>
      ) : null}
      <ApiProblem error={approve.error ?? reject.error} />
      {mode === 'idle' ? (
        <div className="adm-buttons">
          <button
            type="button"
            className="adm-btn"
            data-variant="primary"
            disabled={own || approve.isPending}
            aria-describedby={own ? waitingId : undefined}
            onClick={() => approve.mutate()}
          >
            {t('admin.requests.approve')}
          </button>
          <button type="button" className="adm-btn" onClick={() => setMode('reject')}>
            {own ? t('admin.requests.withdraw') : t('admin.requests.reject')}
          </button>
        </div>
      ) : (
        <form className="adm-reject" onSubmit={submitReject} noValidate>
          <label>
            <span className="yb-small">{label}</span>
            <input
              value={note}
              maxLength={500}
              aria-invalid={touched && !noteOk ? true : undefined}
              onChange={(e) => setNote(e.target.value)}
            />
          </label>
          {touched && !noteOk ? (
            <span className="yb-field-error yb-small">{t('admin.customer.reasonRequired')}</span>
          ) : null}
          <div className="adm-buttons">
            <button type="submit" className="adm-btn" data-variant="danger" disabled={reject.isPending}>
              {own ? t('admin.requests.confirmWithdraw') : t('admin.requests.confirmReject')}
            </button>
            <button type="button" className="adm-btn" onClick={() => setMode('idle')}>
              {t('admin.requests.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
