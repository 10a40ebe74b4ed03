import { Link } from '@tanstack/react-router';
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

/**
 * A signed-in screen: the brand bar with a way back (a real link, so it works with the keyboard and
 * the browser's history), the screen's title as its one h1, then the content.
 */
export function Screen({
  title,
  back = '/home',
  children,
}: {
  title: ReactNode;
  /** Where "back" goes; null for none. */
  back?: string | null;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="yb-page">
      <TopBar
        right={
          back ? (
            <Link to={back} className="yb-topbar-link">
              {t('common.back')}
            </Link>
          ) : undefined
        }
      />
      <main className="yb-main">
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}
