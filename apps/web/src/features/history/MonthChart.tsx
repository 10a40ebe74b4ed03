import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { Alert } from '../../design/components.tsx';
import { formatMoney } from '../../design/money.ts';
import { errorMessage } from '../../errors.ts';
import { historyApi } from './api.ts';
import { currentMonth, monthLabel, shiftMonth } from './format.ts';

const W = 320;
const H = 140;
const PAD_BOTTOM = 18;
const PAD_TOP = 8;

/** "12.34" → 1234 (fen) for the bar heights only: the figures shown are the API's strings. */
const fen = (v: string) => {
  const [i, f = ''] = v.split('.');
  return Number(i) * 100 + Number(f.padEnd(2, '0').slice(0, 2));
};

/**
 * The month's spending as an SVG bar chart (one bar per day), with the totals as text and the same
 * figures as a table for screen readers; previous/next month.
 */
export function MonthChart({
  walletId,
  month,
  onMonth,
}: {
  walletId: string;
  month?: string;
  onMonth: (month: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const shown = month ?? currentMonth();
  const summary = useQuery({
    queryKey: ['history', 'summary', walletId, shown],
    queryFn: () => historyApi.summary(walletId, shown),
  });
  const titleId = useId();
  const descId = useId();
  const svgTitleId = useId();
  const label = monthLabel(shown, lang);
  const isCurrent = shown >= currentMonth();
  const s = summary.data;
  const money = (v: string) => formatMoney(v, s?.currency ?? 'CNY', lang);
  const max = s ? Math.max(...s.days.map((d) => fen(d.out)), 1) : 1;
  const spentDays = s?.days.filter((d) => fen(d.out) > 0) ?? [];
  const slot = s ? W / s.days.length : 0;

  return (
    <section className="yb-card yb-stack history-chart" aria-labelledby={titleId}>
      <div className="history-chart-head">
        <button
          type="button"
          className="history-chart-nav"
          aria-label={t('history.chart.prev')}
          onClick={() => onMonth(shiftMonth(shown, -1))}
        >
          ‹
        </button>
        <h2 id={titleId}>{t('history.chart.title', { month: label })}</h2>
        <button
          type="button"
          className="history-chart-nav"
          aria-label={t('history.chart.next')}
          disabled={isCurrent}
          onClick={() => onMonth(shiftMonth(shown, 1))}
        >
          ›
        </button>
      </div>
      {summary.error ? (
        <Alert>
          {errorMessage(summary.error instanceof ApiError ? summary.error.code : undefined, lang)}
        </Alert>
      ) : null}
      {!s ? (
        summary.isPending ? (
          <p className="yb-muted">{t('common.loading')}</p>
        ) : null
      ) : (
        <>
          <dl className="history-totals">
            <div>
              <dt>{t('history.chart.totalOut')}</dt>
              <dd>{money(s.totalOut.amount)}</dd>
            </div>
            <div>
              <dt>{t('history.chart.totalIn')}</dt>
              <dd>{money(s.totalIn.amount)}</dd>
            </div>
          </dl>
          <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${svgTitleId} ${descId}`}>
            <title id={svgTitleId}>{t('history.chart.title', { month: label })}</title>
            <desc id={descId}>
              {t('history.chart.summary', {
                month: label,
                out: money(s.totalOut.amount),
                in: money(s.totalIn.amount),
                countOut: s.countOut,
                countIn: s.countIn,
              })}
            </desc>
            <line className="grid" x1={0} x2={W} y1={H - PAD_BOTTOM} y2={H - PAD_BOTTOM} />
            {s.days.map((d, i) => {
              const v = fen(d.out);
              const h = v > 0 ? Math.max(2, ((H - PAD_BOTTOM - PAD_TOP) * v) / max) : 1;
              const day = Number(d.date.slice(8));
              return (
                <g key={d.date}>
                  <rect
                    className={v > 0 ? 'bar' : 'bar-zero'}
                    x={i * slot + slot * 0.15}
                    width={slot * 0.7}
                    y={H - PAD_BOTTOM - h}
                    height={h}
                    rx={1}
                  />
                  {day === 1 || day % 5 === 0 ? (
                    <text className="axis" x={i * slot + slot / 2} y={H - 4} textAnchor="middle">
                      {day}
                    </text>
                  ) : null}
                </g>
              );
            })}
          </svg>
          {spentDays.length === 0 ? <p className="yb-muted">{t('history.chart.nothing')}</p> : null}
          <table className="history-sr-only">
            <caption>{t('history.chart.tableCaption', { month: label })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('history.chart.day')}</th>
                <th scope="col">{t('history.chart.spent')}</th>
              </tr>
            </thead>
            <tbody>
              {spentDays.map((d) => (
                <tr key={d.date}>
                  <th scope="row">{d.date}</th>
                  <td>{money(d.out)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {s.byKind.some((k) => fen(k.out) > 0) ? (
            <ul className="history-kinds" aria-label={t('history.chart.byKind')}>
              {s.byKind
                .filter((k) => fen(k.out) > 0)
                .map((k) => (
                  <li key={k.kind} className="history-kind">
                    {t(`history.kinds.${k.kind}`)} {money(k.out)}
                  </li>
                ))}
            </ul>
          ) : null}
          <p className="yb-muted yb-small">{t('history.chart.hint')}</p>
        </>
      )}
    </section>
  );
}
