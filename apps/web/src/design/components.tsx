import { type ButtonHTMLAttributes, type InputHTMLAttributes, type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from './money.ts';

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: 'primary' | 'secondary' | 'ghost';
  block?: boolean;
};

export function Button({ variant = 'primary', block, type = 'button', className, ...rest }: ButtonProps) {
  return (
    <button
      type={type}
      className={['yb-button', className].filter(Boolean).join(' ')}
      data-variant={variant}
      data-block={block ? '' : undefined}
      {...rest}
    />
  );
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & {
  label: string;
  hint?: string;
  error?: string | null;
};

/** A labelled input; the hint and the error are tied to it for screen readers. */
export function TextField({ label, hint, error, ...input }: TextFieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="yb-field" data-invalid={error ? '' : undefined}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={[errorId, hintId].filter(Boolean).join(' ') || undefined}
        {...input}
      />
      {error ? (
        <span id={errorId} className="yb-field-error">
          {error}
        </span>
      ) : null}
      {hint ? (
        <span id={hintId} className="yb-field-hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

export function Card({ title, children }: { title?: ReactNode; children: ReactNode }) {
  return (
    <section className="yb-card">
      {title ? <h2 className="yb-card-title">{title}</h2> : null}
      {children}
    </section>
  );
}

/** An amount from the API ("12.34" + "CNY") in the current language's format. */
export function Money({ amount, currency, size }: { amount: string; currency: string; size?: 'lg' }) {
  const { i18n } = useTranslation();
  return (
    <span className="yb-money" data-size={size}>
      {formatMoney(amount, currency, i18n.language)}
    </span>
  );
}

export function Alert({ children }: { children: ReactNode }) {
  return (
    <div className="yb-alert" role="alert">
      {children}
    </div>
  );
}

export function Switch({
  label,
  description,
  checked,
  onChange,
}: {
  label: string;
  description?: string;
  checked: boolean;
  onChange: (on: boolean) => void;
}) {
  return (
    <label className="yb-switch">
      <span>
        <strong>{label}</strong>
        {description ? (
          <span className="yb-muted yb-small" style={{ display: 'block' }}>
            {description}
          </span>
        ) : null}
      </span>
      <input
        className="yb-switch-input"
        type="checkbox"
        role="switch"
        aria-checked={checked}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
    </label>
  );
}
