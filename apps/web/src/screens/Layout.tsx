import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function TopBar({ right }: { right?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <header className="yb-topbar">
      <span className="yb-brand">
        <span className="yb-brand-mark" aria-hidden="true">
          银
        </span>
        {t('brand')}
      </span>
      {right}
    </header>
  );
}
