import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card } from '../design/components.tsx';
import { formatMoney } from '../design/money.ts';
import { merchantApi } from './api.ts';
import { canvasPng, cardPdf, drawCard, latinName, saveBlob } from './qr-card.ts';
import { Problem, useMerchant, usePortalParams } from './ui.tsx';

/** A printable card of one payment code: preview, PNG and PDF downloads, the payload as text. */
export function PrintQrScreen() {
  const { t, i18n } = useTranslation();
  const { merchantId, qrCodeId } = usePortalParams();
  const { merchant } = useMerchant(merchantId);
  const codes = useQuery({
    queryKey: ['merchant', merchantId, 'qr'],
    queryFn: () => merchantApi.qrCodes(merchantId),
  });
  const code = codes.data?.find((c) => c.id === qrCodeId);
  const [png, setPng] = useState<{ blob: Blob; url: string } | null>(null);
  const [busy, setBusy] = useState<'pdf' | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!code || !merchant) return;
    let live = true;
    let url: string | null = null;
    // The card is always printed in both languages, whatever the screen's language.
    void drawCard({
      payload: code.payload,
      name: merchant.businessName,
      // The payload's Latin-script name when the business name has one, else the category in English.
      nameEn: latinName(code.payload) ?? merchant.category.name,
      category: latinName(code.payload)
        ? `${merchant.category.nameZh} · ${merchant.category.name}`
        : merchant.category.nameZh,
      amount: code.amount ? formatMoney(code.amount.amount, code.amount.currency, 'zh-CN') : null,
      reference: code.reference ? `订单号 Order ${code.reference}` : null,
      scan: `${t('merchant.print.scan', { lng: 'zh-CN' })} · ${t('merchant.print.scanEn', { lng: 'en' })}`,
    })
      .then(canvasPng)
      .then((blob) => {
        if (!live) return;
        url = URL.createObjectURL(blob);
        setPng({ blob, url });
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [code, merchant, t]);

  const file = `yinbao-qr-${qrCodeId?.slice(0, 8)}`;
  const pdf = async () => {
    if (!png) return;
    setBusy('pdf');
    try {
      saveBlob(await cardPdf(png.blob), `${file}.pdf`);
    } catch {
      setFailed(true);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <h1>{t('merchant.print.title')}</h1>
      <p className="yb-muted">{t('merchant.print.intro')}</p>
      <Problem error={codes.error} />
      {codes.data && !code ? <Problem error={{ code: 'QR_CODE_NOT_FOUND' }} /> : null}
      {code && code.status !== 'active' ? (
        <Alert>{t('merchant.print.notActive', { status: t(`merchant.qr.statusName.${code.status}`) })}</Alert>
      ) : null}
      {code && merchant ? (
        <Card>
          <div className="yb-stack mp-print">
            {png ? (
              <img
                className="mp-card-preview"
                src={png.url}
                alt={t('merchant.print.qrLabel', { name: merchant.businessName })}
                width={400}
                height={560}
              />
            ) : (
              <p className="yb-muted">{t('merchant.print.making')}</p>
            )}
            {code.amount ? (
              <p>
                {t('merchant.print.amount')}:{' '}
                <strong>{formatMoney(code.amount.amount, code.amount.currency, i18n.language)}</strong>
              </p>
            ) : null}
            <div className="yb-row">
              <Button disabled={!png} onClick={() => png && saveBlob(png.blob, `${file}.png`)}>
                {t('merchant.print.png')}
              </Button>
              <Button variant="secondary" disabled={!png || busy === 'pdf'} onClick={() => void pdf()}>
                {busy === 'pdf' ? t('merchant.print.making') : t('merchant.print.pdf')}
              </Button>
            </div>
            {failed ? <Problem error={{ code: 'UNKNOWN' }} /> : null}
            <div>
              <p className="yb-small yb-muted">{t('merchant.print.payload')}</p>
              <code className="mp-payload" data-testid="qr-payload">
                {code.payload}
              </code>
            </div>
          </div>
        </Card>
      ) : null}
      <Link to="/merchant/$merchantId/qr-codes" params={{ merchantId }} className="mp-back">
        ‹ {t('merchant.nav.qrCodes')}
      </Link>
    </>
  );
}
