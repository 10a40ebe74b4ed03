import { useQuery } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api.ts';
import { Alert, Button, Card, TextField } from '../../design/components.tsx';
import { errorMessage } from '../../errors.ts';
import { Screen } from '../../screens/Layout.tsx';
import { currentSession } from '../../session.ts';
import { amountProblem, maskPhone, normalAmount } from './money-input.ts';
import './transfer.css';

/** 收款码: a QR code of the link that opens the payer's transfer form with this wallet filled in. */
export function ReceiveScreen() {
  const { t, i18n } = useTranslation();
  const token = currentSession()?.token ?? '';
  const me = useQuery({ queryKey: ['me', token], queryFn: () => api.me(token), enabled: !!token });
  const [amount, setAmount] = useState('');
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const [svg, setSvg] = useState<string | null>(null);

  const issue = amount ? amountProblem(amount) : null;
  const link = me.data
    ? `${location.origin}/transfer?to=${encodeURIComponent(me.data.walletId)}${
        amount && !issue ? `&amount=${encodeURIComponent(normalAmount(amount))}` : ''
      }`
    : null;

  useEffect(() => {
    if (!link) return;
    let live = true;
    void QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }).then((s) => {
      if (live) setSvg(s);
    });
    setCopied(null);
    return () => {
      live = false;
    };
  }, [link]);

  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };

  const name = me.data?.displayName ?? '';
  return (
    <Screen title={t('transfer.receive.title')} back="/home">
      {me.error ? (
        <Alert>{errorMessage(me.error instanceof ApiError ? me.error.code : undefined, i18n.language)}</Alert>
      ) : null}
      <Card>
        <div className="yb-stack">
          <p className="yb-small">{t('transfer.receive.intro')}</p>
          {svg && me.data ? (
            <div
              className="yb-qr"
              role="img"
              aria-label={t('transfer.receive.qrLabel', { name })}
              // The SVG is made here by the qrcode library from our own link, not from any input.
              // biome-ignore lint/security/noDangerouslySetInnerHtml: trusted SVG generated locally
              dangerouslySetInnerHTML={{ __html: svg }}
            />
          ) : (
            <p className="yb-muted">{t('common.loading')}</p>
          )}
          {me.data ? (
            <p className="yb-receive-who">
              <strong>{name}</strong>
              <span className="yb-muted">{maskPhone(me.data.phone)}</span>
            </p>
          ) : null}
          <TextField
            label={t('transfer.receive.amount')}
            hint={t('transfer.receive.amountHint')}
            error={issue ? t(issue === 'zero' ? 'transfer.amountZero' : 'transfer.amountFormat') : null}
            inputMode="decimal"
            autoComplete="off"
            maxLength={16}
            value={amount}
            onChange={(e) => setAmount(e.target.value.replace(/[^\d.]/g, ''))}
          />
          <Button block onClick={() => void copy()} disabled={!link}>
            {t('transfer.receive.copy')}
          </Button>
          {copied === 'yes' ? (
            <p className="yb-small" role="status">
              {t('transfer.receive.copied')}
            </p>
          ) : null}
          {copied === 'failed' ? <Alert>{t('transfer.receive.copyFailed')}</Alert> : null}
          {link ? (
            <div>
              <p className="yb-small yb-muted">{t('transfer.receive.link')}</p>
              <p className="yb-link-text" data-testid="receive-link">
                {link}
              </p>
            </div>
          ) : null}
        </div>
      </Card>
      <Card title={t('transfer.receive.how')}>
        <p className="yb-howto">{t('transfer.receive.howSteps')}</p>
      </Card>
      <p className="yb-muted yb-small">{t('transfer.receive.safety')}</p>
    </Screen>
  );
}
