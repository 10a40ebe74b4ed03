import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, Switch } from '../design/components.tsx';
import { isElderMode, setElderMode } from '../design/elder.ts';
import { setLanguage } from '../i18n.ts';
import { LANGUAGES } from '../locales.ts';

/** Language and elder mode: shown at first launch (welcome) and in settings, the same controls. */
export function PreferenceCards() {
  const { t, i18n } = useTranslation();
  const [elder, setElder] = useState(isElderMode());
  return (
    <>
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
    </>
  );
}
