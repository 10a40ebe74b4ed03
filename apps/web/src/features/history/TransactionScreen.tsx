import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { Alert, Button, Card } from '../../design/components.tsx';
import { errorMessage } from '../../errors.ts';
import { Screen } from '../../screens/Layout.tsx';
import { historyApi, useWalletId } from './api.ts';
import { dateTime, signedAmount } from './format.ts';
import './history.css';
import { bankName } from '../../bank-names.ts';

/** Everything about one transaction, with its reference to copy. */
export function TransactionScreen() {
  const { t, i18n } = useTranslation();
  const { transactionId } = useParams({ strict: false }) as { transactionId: string };
  const { walletId, error: meError } = useWalletId();
  const tx = useQuery({
    queryKey: ['history', 'one', walletId, transactionId],
    queryFn: () => historyApi.one(walletId!, transactionId),
    enabled: !!walletId,
  });
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);
  const error = meError ?? tx.error;
  const d = tx.data;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(transactionId);
      setCopied('ok');
    } catch {
      setCopied('failed');
    }
  };

  return (
    <Screen title={t('history.detail.title')} back="/history">
      {error ? (
        <Alert>{errorMessage(error instanceof ApiError ? error.code : undefined, i18n.language)}</Alert>
      ) : null}
      {!d && !error ? <p className="yb-muted">{t('common.loading')}</p> : null}
      {d ? (
        <Card>
          <div className="yb-stack">
            <div className="history-detail-amount">
              <span className="history-amount" data-direction={d.direction} data-status={d.status}>
                {signedAmount(d, i18n.language)}
              </span>
            </div>
            <dl className="history-detail">
              <dt>{t('history.detail.direction')}</dt>
              <dd>{d.direction === 'in' ? t('history.inWord') : t('history.outWord')}</dd>
              <dt>{t('history.detail.kind')}</dt>
              <dd>{t(`history.kinds.${d.kind}`)}</dd>
              <dt>{t('history.detail.counterparty')}</dt>
              <dd>
                {d.counterparty.name
                  ? bankName(d.counterparty.name, i18n.language)
                  : t('history.detail.none')}
              </dd>
              <dt>{t('history.detail.note')}</dt>
              <dd>{d.note ?? t('history.detail.none')}</dd>
              <dt>{t('history.detail.time')}</dt>
              <dd>
                <time dateTime={d.createdAt}>{dateTime(d.createdAt, i18n.language, 'long')}</time>
              </dd>
              <dt>{t('history.detail.status')}</dt>
              <dd>
                <span className="history-status" data-status={d.status}>
                  {t(`history.status.${d.status}`)}
                </span>
                {d.status !== 'completed' ? (
                  <span className="yb-muted yb-small" style={{ display: 'block' }}>
                    {t(`history.statusHint.${d.status}`)}
                  </span>
                ) : null}
              </dd>
              <dt>{t('history.detail.reference')}</dt>
              <dd>
                <span className="history-ref">{d.id}</span>
              </dd>
            </dl>
            <Button variant="secondary" block onClick={() => void copy()}>
              {t('history.detail.copy')}
            </Button>
            <p role="status" className="yb-small">
              {copied === 'ok'
                ? t('history.detail.copied')
                : copied === 'failed'
                  ? t('history.detail.copyFailed')
                  : ''}
            </p>
          </div>
        </Card>
      ) : null}
      <Link to="/history">{t('history.detail.backToList')}</Link>
    </Screen>
  );
}
