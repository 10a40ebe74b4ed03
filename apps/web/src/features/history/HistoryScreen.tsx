import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { Alert, Button, TextField } from '../../design/components.tsx';
import { errorMessage } from '../../errors.ts';
import { Screen } from '../../screens/Layout.tsx';
import { type HistoryFilter, historyApi, type Transaction, useWalletId } from './api.ts';
import { dateTime, rowTitle, signedAmount } from './format.ts';
import { MonthChart } from './MonthChart.tsx';
import type { HistorySearch } from './routes.tsx';
import './history.css';

const AMOUNT = /^(?:0|[1-9]\d{0,11})(?:\.\d{1,2})?$/;
const KINDS = ['p2p', 'topup', 'withdrawal', 'adjustment'] as const;

/** URL search (local days, yuan as typed) → the API's filter (instants, amounts). */
function toFilter(s: HistorySearch): HistoryFilter {
  const f: HistoryFilter = {};
  if (s.q) f.q = s.q;
  if (s.direction) f.direction = s.direction;
  if (s.kind) f.kind = s.kind;
  if (s.from) f.from = new Date(`${s.from}T00:00:00`).toISOString();
  if (s.to) {
    const end = new Date(`${s.to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    f.to = end.toISOString();
  }
  if (s.min && AMOUNT.test(s.min)) f.minAmount = s.min;
  if (s.max && AMOUNT.test(s.max)) f.maxAmount = s.max;
  return f;
}

/** The wallet's transactions, newest first, with search, filters (kept in the URL) and "load more". */
export function HistoryScreen() {
  const { t, i18n } = useTranslation();
  const search = useSearch({ strict: false }) as HistorySearch;
  const navigate = useNavigate();
  const { walletId, error: meError } = useWalletId();
  const filter = toFilter(search);
  const filtered = Boolean(
    search.q || search.direction || search.kind || search.from || search.to || search.min || search.max,
  );

  const pages = useInfiniteQuery({
    queryKey: ['history', walletId, filter],
    queryFn: ({ pageParam }) => historyApi.page(walletId!, filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: !!walletId,
  });
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const error = meError ?? pages.error;

  const setSearch = (next: HistorySearch) => void navigate({ to: '/history', search: next });

  return (
    <Screen title={t('history.title')}>
      {walletId ? (
        <MonthChart
          walletId={walletId}
          month={search.month}
          onMonth={(month) => setSearch({ ...search, month })}
        />
      ) : null}
      <Filters search={search} onChange={(s) => setSearch({ ...s, month: search.month })} />
      {error ? (
        <Alert>{errorMessage(error instanceof ApiError ? error.code : undefined, i18n.language)}</Alert>
      ) : null}
      {pages.isPending && !error ? <p className="yb-muted">{t('common.loading')}</p> : null}
      {pages.data && items.length === 0 ? (
        <div className="history-empty yb-card" role="status">
          <p>
            <strong>{filtered ? t('history.emptyFiltered') : t('history.empty')}</strong>
          </p>
          <p className="yb-muted">{filtered ? t('history.emptyFilteredHint') : t('history.emptyHint')}</p>
          {filtered ? (
            <Button variant="secondary" onClick={() => setSearch({ month: search.month })}>
              {t('history.clear')}
            </Button>
          ) : (
            <Link to="/topup">{t('history.topUp')}</Link>
          )}
        </div>
      ) : null}
      {items.length > 0 ? (
        <ul className="history-list" aria-label={t('history.list')}>
          {items.map((tx) => (
            <li key={tx.id}>
              <Row tx={tx} />
            </li>
          ))}
        </ul>
      ) : null}
      {pages.hasNextPage ? (
        <Button
          variant="secondary"
          block
          onClick={() => void pages.fetchNextPage()}
          disabled={pages.isFetchingNextPage}
        >
          {pages.isFetchingNextPage ? t('history.loadingMore') : t('history.loadMore')}
        </Button>
      ) : items.length > 0 ? (
        <p className="yb-muted yb-small" style={{ textAlign: 'center' }}>
          {t('history.end')}
        </p>
      ) : null}
    </Screen>
  );
}

function Row({ tx }: { tx: Transaction }) {
  const { t, i18n } = useTranslation();
  const kind = t(`history.kinds.${tx.kind}`);
  const dir = tx.direction === 'in' ? t('history.inWord') : t('history.outWord');
  return (
    <Link to="/history/$transactionId" params={{ transactionId: tx.id }} className="history-row">
      <span className="history-row-title">{rowTitle(tx, t)}</span>
      <span className="history-row-meta">
        {tx.counterparty.name ? `${kind} · ` : ''}
        {dir} · <time dateTime={tx.createdAt}>{dateTime(tx.createdAt, i18n.language)}</time>
      </span>
      <span className="history-row-amount">
        <span className="history-amount" data-direction={tx.direction} data-status={tx.status}>
          {signedAmount(tx, i18n.language)}
        </span>
        {tx.status !== 'completed' ? (
          <span className="history-status" data-status={tx.status}>
            {t(`history.status.${tx.status}`)}
          </span>
        ) : null}
      </span>
    </Link>
  );
}

function Filters({ search, onChange }: { search: HistorySearch; onChange: (s: HistorySearch) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState(search.q ?? '');
  const [kind, setKind] = useState(search.kind ?? '');
  const [from, setFrom] = useState(search.from ?? '');
  const [to, setTo] = useState(search.to ?? '');
  const [min, setMin] = useState(search.min ?? '');
  const [max, setMax] = useState(search.max ?? '');
  const [touched, setTouched] = useState(false);
  // Back/forward changes the URL: the fields follow it.
  useEffect(() => {
    setQ(search.q ?? '');
    setKind(search.kind ?? '');
    setFrom(search.from ?? '');
    setTo(search.to ?? '');
    setMin(search.min ?? '');
    setMax(search.max ?? '');
  }, [search.q, search.kind, search.from, search.to, search.min, search.max]);

  const minError = touched && min && !AMOUNT.test(min) ? t('history.amountInvalid') : null;
  const maxError = touched && max && !AMOUNT.test(max) ? t('history.amountInvalid') : null;
  const dateError = touched && from && to && to < from ? t('history.dateOrder') : null;
  const advanced = Boolean(search.kind || search.from || search.to || search.min || search.max);

  const apply = (e?: FormEvent) => {
    e?.preventDefault();
    setTouched(true);
    if ((min && !AMOUNT.test(min)) || (max && !AMOUNT.test(max)) || (from && to && to < from)) return;
    onChange({
      q: q.trim() || undefined,
      direction: search.direction,
      kind: (kind || undefined) as HistorySearch['kind'],
      from: from || undefined,
      to: to || undefined,
      min: min || undefined,
      max: max || undefined,
    });
  };

  return (
    <section aria-label={t('history.filters')} className="yb-stack">
      <form className="history-search" onSubmit={apply} noValidate>
        <TextField
          label={t('history.search')}
          type="search"
          maxLength={50}
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <Button type="submit">{t('history.searchButton')}</Button>
      </form>
      <fieldset className="history-segmented">
        <legend className="history-sr-only">{t('history.directionLabel')}</legend>
        {(['all', 'in', 'out'] as const).map((d) => (
          <button
            type="button"
            key={d}
            aria-pressed={(search.direction ?? 'all') === d}
            onClick={() => onChange({ ...search, direction: d === 'all' ? undefined : d })}
          >
            {t(`history.direction.${d}`)}
          </button>
        ))}
      </fieldset>
      <details className="history-more" open={advanced || undefined}>
        <summary>{t('history.moreFilters')}</summary>
        <form className="yb-stack" onSubmit={apply} noValidate>
          <div className="history-field">
            <label htmlFor="history-kind">{t('history.kindLabel')}</label>
            <select id="history-kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              <option value="">{t('history.kindAll')}</option>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`history.kinds.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="history-grid">
            <TextField
              label={t('history.from')}
              type="date"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
            />
            <TextField
              label={t('history.to')}
              type="date"
              value={to}
              error={dateError}
              onChange={(e) => setTo(e.target.value)}
            />
            <TextField
              label={t('history.min')}
              inputMode="decimal"
              maxLength={15}
              value={min}
              error={minError}
              onChange={(e) => setMin(e.target.value.trim())}
            />
            <TextField
              label={t('history.max')}
              inputMode="decimal"
              maxLength={15}
              value={max}
              error={maxError}
              onChange={(e) => setMax(e.target.value.trim())}
            />
          </div>
          <div className="history-buttons">
            <Button type="submit">{t('history.apply')}</Button>
            <Button variant="secondary" onClick={() => onChange({})}>
              {t('history.clear')}
            </Button>
          </div>
        </form>
      </details>
    </section>
  );
}
