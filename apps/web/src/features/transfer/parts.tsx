import type { ReactNode } from 'react';
import './transfer.css';

/** Elder mode (长辈模式) is on: one field per step, explicit checks. */
export const useElder = () =>
  typeof document !== 'undefined' && document.documentElement.hasAttribute('data-elder');

/** Label/value rows of a review or a receipt. */
export function Rows({ rows }: { rows: { label: string; value: ReactNode; strong?: boolean }[] }) {
  return (
    <dl className="yb-rows">
      {rows.map((r) => (
        <div className="yb-rows-row" key={r.label} data-strong={r.strong ? '' : undefined}>
          <dt>{r.label}</dt>
          <dd>{r.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The outcome of a payment: a mark, a heading (focused for screen readers), words and actions. */
export function Outcome({
  tone,
  title,
  children,
}: {
  tone: 'ok' | 'wait' | 'fail';
  title: string;
  children: ReactNode;
}) {
  return (
    <section className="yb-card yb-outcome" data-tone={tone} aria-labelledby="yb-outcome-title">
      <div className="yb-outcome-mark" aria-hidden="true">
        {tone === 'ok' ? '✓' : tone === 'wait' ? '…' : '!'}
      </div>
      <h2 id="yb-outcome-title" className="yb-outcome-title" tabIndex={-1} ref={(el) => el?.focus()}>
        {title}
      </h2>
      <div className="yb-stack">{children}</div>
    </section>
  );
}

/** "Step 2 of 3" in elder mode's one-field-per-step form. */
export function StepCount({ text }: { text: string }) {
  return <p className="yb-muted yb-small yb-stepcount">{text}</p>;
}
