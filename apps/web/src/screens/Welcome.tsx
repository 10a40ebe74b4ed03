import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, Switch } from '../design/components.tsx';
import { isElderMode, setElderMode } from '../design/elder.ts';
import { setLanguage } from '../i18n.ts';
import { LANGUAGES } from '../locales.ts';
import { markOnboarded } from '../session.ts';

export function WelcomeScreen() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [elder, setElder] = useState(isElderMode());
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
        <Card title={t('welcome.language')}>
          <fieldset className="yb-segmented" style={{ border: 0, padding: 0, margin: 0 }}>
            <legend className="yb-small yb-muted" style={{ position: 'absolute', left: '-9999px' }}>
              {t('welcome.language')}
            </legend>
            {LANGUAGES.map((l) => (
              <Button
                key={l.code}
                variant="secondary"
                lang={l.code}
                aria-pressed={i18n.language === l.code}
                onClick={() => void setLanguage(l.code)}
              >
                {l.label}
              </Button>
            ))}
          </fieldset>
        </Card>
        <Card>
          <Switch
            label={t('welcome.elder')}
            description={t('welcome.elderHint')}
            checked={elder}
            onChange={(on) => {
              setElder(on);
              setElderMode(on);
            }}
          />
        </Card>
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
