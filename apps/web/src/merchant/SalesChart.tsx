import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../design/money.ts';
import { salesApi } from './sales-api.ts';
import './sales.css';
import { Problem } from './ui.tsx';

const W = 320;
const H = 140;
const PAD_BOTTOM = 18;
const PAD_TOP = 8;

/** "12.34" → 1234 (fen) for the bar heights only: the figures shown are the API's strings. */
const fen = (v: string) => {
  const [i, f = ''] = v.split('.');
  return Number(i) * 100 + Number(f.padEnd(2, '0').slice(0, 2));
};

/** Today's takings and the last 30 days of sales: SVG bars per day, totals, and a table for screen readers. */
export function SalesChart({ merchantId }: { merchantId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const sales = useQuery({
    queryKey: ['merchant', merchantId, 'sales'],
    queryFn: () => salesApi.sales(merchantId),
  });
  const titleId = useId();
  const svgTitleId = useId();
  const descId = useId();
  const s = sales.data;
  if (sales.error) return <Problem error={sales.error} />;
  if (!s) return <p className="yb-muted">{t('merchant.loading')}</p>;
  const money = (v: string) => formatMoney(v, s.currency, lang);
  const today = s.days[s.days.length - 1];
  const max = Math.max(...s.days.map((d) => fen(d.gross.amount)), 1);
  const slot = W / s.days.length;
  const soldDays = s.days.filter((d) => d.count > 0 || fen(d.refunds.amount) > 0);
  const shortDate = (d: string) => `${Number(d.slice(5, 7))}/${Number(d.slice(8))}`;
  return (
    <>
      {today ? (
        <section
          className="yb-card mp-today"
          aria-label={t('merchant.sales.today')}
          data-testid="today-takings"
        >
          <p className="mp-today-label">{t('merchant.sales.today')}</p>
          <p className="mp-today-amount">{money(today.gross.amount)}</p>
          <p className="yb-small yb-muted">
            {t('merchant.sales.todayDetail', { count: today.count, refunds: money(today.refunds.amount) })}
          </p>
        </section>
      ) : null}
      <section className="yb-card yb-stack mp-chart" aria-labelledby={titleId}>
        <h2 id={titleId}>{t('merchant.sales.title')}</h2>
        <dl className="mp-totals">
          <div>
            <dt>{t('merchant.sales.gross')}</dt>
            <dd>{money(s.totals.gross.amount)}</dd>
          </div>
          <div>
            <dt>{t('merchant.sales.refunds')}</dt>
            <dd>{money(s.totals.refunds.amount)}</dd>
          </div>
          <div>
            <dt>{t('merchant.sales.count')}</dt>
            <dd>{s.totals.count}</dd>
          </div>
        </dl>
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${svgTitleId} ${descId}`}>
          <title id={svgTitleId}>{t('merchant.sales.title')}</title>
          <desc id={descId}>
            {t('merchant.sales.summary', {
              from: s.from,
              to: s.to,
              gross: money(s.totals.gross.amount),
              count: s.totals.count,
            })}
          </desc>
          <line className="grid" x1={0} x2={W} y1={H - PAD_BOTTOM} y2={H - PAD_BOTTOM} />
          {s.days.map((d, i) => {
            const v = fen(d.gross.amount);
            const h = v > 0 ? Math.max(2, ((H - PAD_BOTTOM - PAD_TOP) * v) / max) : 1;
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
                {(s.days.length - 1 - i) % 7 === 0 ? (
                  <text
                    className="axis"
                    x={i === s.days.length - 1 ? W : i * slot + slot / 2}
                    y={H - 4}
                    textAnchor={i === s.days.length - 1 ? 'end' : 'middle'}
                  >
                    {shortDate(d.date)}
                  </text>
                ) : null}
              </g>
            );
          })}
        </svg>
        {soldDays.length === 0 ? <p className="yb-muted">{t('merchant.sales.nothing')}</p> : null}
        <div className="mp-sr-only">
          <table data-testid="sales-table">
            <caption>{t('merchant.sales.tableCaption', { from: s.from, to: s.to })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('merchant.sales.day')}</th>
                <th scope="col">{t('merchant.sales.count')}</th>
                <th scope="col">{t('merchant.sales.gross')}</th>
                <th scope="col">{t('merchant.sales.refunds')}</th>
              </tr>
            </thead>
            <tbody>
              {soldDays.map((d) => (
                <tr key={d.date}>
                  <th scope="row">{d.date}</th>
                  <td>{d.count}</td>
                  <td>{money(d.gross.amount)}</td>
                  <td>{money(d.refunds.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="yb-muted yb-small">{t('merchant.sales.hint')}</p>
      </section>
    </>
  );
}
