import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Button } from '../design/components.tsx';
import { markOnboarded } from '../session.ts';
import { PreferenceCards } from './Preferences.tsx';

export function WelcomeScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div className="yb-page">
      <div className="yb-hero">
        <div className="yb-brand" style={{ justifyContent: 'center', marginBottom: 'var(--space-4)' }}>
          <span className="yb-brand-mark" aria-hidden="true">
            银
          </span>
          {t('brand')}
        </div>
        <h1>{t('welcome.title')}</h1>
        <p>{t('welcome.subtitle')}</p>
      </div>
      <main className="yb-main">
        <PreferenceCards />
        <Button
          block
          onClick={() => {
            markOnboarded();
            void navigate({ to: '/sign-in' });
          }}
        >
          {t('welcome.start')}
        </Button>
      </main>
    </div>
  );
}
