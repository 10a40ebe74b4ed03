import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Button } from '../design/components.tsx';
import { currentSession } from '../session.ts';
import { TopBar } from './Layout.tsx';
import { PreferenceCards } from './Preferences.tsx';

/** Settings: language and elder mode (长辈模式), changeable at any time. */
export function SettingsScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const back = () => void navigate({ to: currentSession() ? '/home' : '/sign-in' });
  return (
    <div className="yb-page">
      <TopBar
        right={
          <Button variant="ghost" onClick={back}>
            {t('common.back')}
          </Button>
        }
      />
      <main className="yb-main">
        <h1>{t('settings.title')}</h1>
        <PreferenceCards />
        <Button block onClick={back}>
          {t('settings.done')}
        </Button>
      </main>
    </div>
  );
}
