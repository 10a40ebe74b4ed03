import { useNavigate } from '@tanstack/react-router';
import { type ChangeEvent, type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, TextField } from '../../design/components.tsx';
import { Screen } from '../../screens/Layout.tsx';
import { CameraScanner } from './CameraScanner.tsx';
import { decodeFile, preloadDecoder } from './decode.ts';
import { paymentPayload } from './payload.ts';
import './scan.css';

/**
 * 扫一扫: three ways to a merchant's code — the camera, a picture of the code, or its text pasted.
 * A payment code opens the pay screen; anything else gets plain words here.
 */
export function ScanScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const fileId = useId();
  const [error, setError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const [text, setText] = useState('');
  const [pasteError, setPasteError] = useState<string | null>(null);

  useEffect(preloadDecoder, []);

  /** A decoded or pasted text: to the pay screen when it is a payment code. */
  const use = (raw: string): boolean => {
    const payload = paymentPayload(raw);
    if (!payload) return false;
    void navigate({ to: '/pay', search: { code: payload } });
    return true;
  };

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setError(null);
    setReading(true);
    const r = await decodeFile(file);
    setReading(false);
    if (r === 'none') setError(t('scan.upload.notFound'));
    else if (r === 'unreadable') setError(t('scan.upload.unreadable'));
    else if (!use(r)) setError(t('scan.notPayment'));
  };

  const onPaste = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return setPasteError(t('scan.paste.empty'));
    setPasteError(use(text) ? null : t('scan.notPayment'));
  };

  return (
    <Screen title={t('scan.title')} back="/home">
      <p className="yb-muted">{t('scan.intro')}</p>
      {error ? <Alert>{error}</Alert> : null}
      <Card title={t('scan.camera.title')}>
        <CameraScanner
          onText={(raw) => {
            setError(null);
            if (!use(raw)) setError(t('scan.notPayment'));
          }}
        />
      </Card>
      <Card title={t('scan.upload.title')}>
        <div className="yb-stack">
          <input
            id={fileId}
            className="yb-scan-file-input"
            type="file"
            accept="image/*"
            aria-describedby={`${fileId}-hint`}
            onChange={(e) => void onFile(e)}
          />
          <label htmlFor={fileId} className="yb-button yb-scan-file" data-variant="secondary">
            {reading ? t('scan.reading') : t('scan.upload.label')}
          </label>
          <p id={`${fileId}-hint`} className="yb-muted yb-small">
            {t('scan.upload.hint')}
          </p>
        </div>
      </Card>
      <Card title={t('scan.paste.title')}>
        <form className="yb-stack" onSubmit={onPaste} noValidate>
          <TextField
            label={t('scan.paste.label')}
            hint={t('scan.paste.hint')}
            error={pasteError}
            autoComplete="off"
            spellCheck={false}
            maxLength={2048}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setPasteError(null);
            }}
          />
          <Button type="submit" variant="secondary" block>
            {t('scan.paste.submit')}
          </Button>
        </form>
      </Card>
    </Screen>
  );
}
