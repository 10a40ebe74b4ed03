import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';

const key = (id: string) => `yb.tip.${id}`;

/**
 * A first-use hint: shown until the customer dismisses it ("got it"), then never again on this
 * device. For the step a newcomer may not find on their own; not for warnings.
 */
export function FirstUseTip({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const { t } = useTranslation();
  const [seen, setSeen] = useState(() => localStorage.getItem(key(id)) === '1');
  if (seen) return null;
  return (
    <aside className="yb-tip" aria-label={title}>
      <div>
        <strong>{title}</strong>
        <div className="yb-small">{children}</div>
      </div>
      <button
        type="button"
        className="yb-button"
        data-variant="ghost"
        onClick={() => {
          localStorage.setItem(key(id), '1');
          setSeen(true);
        }}
      >
        {t('common.gotIt')}
      </button>
    </aside>
  );
}
