import JsBarcode from 'jsbarcode';
import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The code as a QR symbol (big: a till's scanner reads it from the phone's screen). */
export function PayQr({ text }: { text: string }) {
  const { t } = useTranslation();
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then((s) => {
      if (live) setSvg(s);
    });
    return () => {
      live = false;
    };
  }, [text]);
  return svg ? (
    <div
      className="paycode-qr"
      role="img"
      aria-label={t('paycode.qrLabel')}
      // Made here by the qrcode library from the code the API gave, not from any input.
      // biome-ignore lint/security/noDangerouslySetInnerHtml: trusted SVG generated locally
      dangerouslySetInnerHTML={{ __html: svg }}
    />
  ) : (
    <div className="paycode-qr" aria-hidden="true" />
  );
}

/** The code as a Code 128 barcode (what a till's laser scanner reads). */
export function PayBarcode({ text }: { text: string }) {
  const { t } = useTranslation();
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    JsBarcode(ref.current, text, {
      format: 'CODE128',
      displayValue: false,
      margin: 10,
      width: 2,
      height: 80,
      background: '#ffffff',
      lineColor: '#000000',
    });
  }, [text]);
  return <svg ref={ref} className="paycode-barcode" role="img" aria-label={t('paycode.barcodeLabel')} />;
}
