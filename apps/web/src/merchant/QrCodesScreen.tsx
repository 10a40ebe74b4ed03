import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, Money, TextField } from '../design/components.tsx';
import { merchantApi, type QrCode } from './api.ts';
import { ConfirmAction, Pill, Problem, SelectField, useMerchant, usePortalParams, useWhen } from './ui.tsx';

/** A decimal yuan amount the API accepts: more than zero, at most two decimals. */
const AMOUNT = /^(?:0|[1-9]\d{0,11})(?:\.\d{1,2})?$/;
const amountOk = (v: string) => AMOUNT.test(v) && !/^0(?:\.0{0,2})?$/.test(v);
const REFERENCE = /^[\x20-\x7E]{1,25}$/;
const EXPIRIES = [300, 900, 3600, 86400] as const;
const STATUS_TONE = { active: 'ok', paid: 'wait', expired: 'off', disabled: 'off' } as const;

/** Payment codes: owners make static and dynamic codes and disable them; everyone lists and prints. */
export function QrCodesScreen() {
  const { t } = useTranslation();
  const { merchantId } = usePortalParams();
  const { merchant, isOwner } = useMerchant(merchantId);
  const codes = useQuery({
    queryKey: ['merchant', merchantId, 'qr'],
    queryFn: () => merchantApi.qrCodes(merchantId),
  });
  return (
    <>
      <h1>{t('merchant.qr.title')}</h1>
      <p className="yb-muted">{t('merchant.qr.intro')}</p>
      {merchant && isOwner && merchant.status === 'active' ? <NewCode merchantId={merchantId} /> : null}
      {merchant && !isOwner ? <p className="yb-small yb-muted">{t('merchant.qr.cashierHint')}</p> : null}
      <Card title={t('merchant.qr.list')}>
        <Problem error={codes.error} />
        {codes.data?.length === 0 ? <p className="yb-muted">{t('merchant.qr.empty')}</p> : null}
        {codes.isPending ? <p className="yb-muted">{t('merchant.loading')}</p> : null}
        <ul className="mp-items">
          {codes.data?.map((c) => (
            <CodeRow key={c.id} code={c} isOwner={isOwner} />
          ))}
        </ul>
      </Card>
    </>
  );
}

function NewCode({ merchantId }: { merchantId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<'static' | 'dynamic'>('dynamic');
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const [expires, setExpires] = useState('900');
  const [shown, setShown] = useState(false);
  const amountError = kind === 'dynamic' && !amountOk(amount) ? t('merchant.qr.amountInvalid') : null;
  const referenceError =
    kind === 'dynamic' && reference && !REFERENCE.test(reference) ? t('merchant.qr.referenceInvalid') : null;
  const create = useMutation({
    mutationFn: () =>
      merchantApi.createQrCode(
        merchantId,
        kind === 'static'
          ? { kind }
          : { kind, amount, ...(reference ? { reference } : {}), expiresInSeconds: Number(expires) },
      ),
    onSuccess: async (c) => {
      await queryClient.invalidateQueries({ queryKey: ['merchant', merchantId, 'qr'] });
      await navigate({
        to: '/merchant/$merchantId/qr-codes/$qrCodeId',
        params: { merchantId, qrCodeId: c.id },
      });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (!amountError && !referenceError) create.mutate();
  };
  return (
    <Card title={t('merchant.qr.newTitle')}>
      <form className="yb-stack" onSubmit={submit} noValidate>
        <fieldset className="yb-fieldset mp-choices">
          <legend className="mp-legend">{t('merchant.qr.kind')}</legend>
          {(['dynamic', 'static'] as const).map((k) => (
            <label key={k} className="mp-choice">
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              <span>{t(`merchant.qr.${k}`)}</span>
            </label>
          ))}
        </fieldset>
        {kind === 'dynamic' ? (
          <>
            <TextField
              label={t('merchant.qr.amount')}
              inputMode="decimal"
              autoComplete="off"
              maxLength={16}
              value={amount}
              error={shown ? amountError : null}
              onChange={(e) => setAmount(e.target.value.replace(/[^\d.]/g, ''))}
            />
            <TextField
              label={t('merchant.qr.reference')}
              hint={t('merchant.qr.referenceHint')}
              autoComplete="off"
              maxLength={25}
              value={reference}
              error={shown ? referenceError : null}
              onChange={(e) => setReference(e.target.value)}
            />
            <SelectField label={t('merchant.qr.expires')} value={expires} onChange={setExpires}>
              {EXPIRIES.map((s) => (
                <option key={s} value={String(s)}>
                  {s < 3600
                    ? t('merchant.qr.minutes', { count: s / 60 })
                    : s === 3600
                      ? t('merchant.qr.minutes', { count: 60 })
                      : t('merchant.qr.hours', { count: s / 3600 })}
                </option>
              ))}
            </SelectField>
          </>
        ) : null}
        <Problem error={create.error} />
        <Button type="submit" block disabled={create.isPending}>
          {create.isPending ? t('merchant.qr.creating') : t('merchant.qr.create')}
        </Button>
      </form>
    </Card>
  );
}

function CodeRow({ code: c, isOwner }: { code: QrCode; isOwner: boolean }) {
  const { t } = useTranslation();
  const when = useWhen();
  const queryClient = useQueryClient();
  const disable = useMutation({
    mutationFn: () => merchantApi.disableQrCode(c.merchantId, c.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['merchant', c.merchantId, 'qr'] }),
  });
  return (
    <li className="mp-item" data-testid="qr-row">
      <div className="mp-item-head">
        <strong>
          {t(`merchant.qr.kindName.${c.kind}`)}
          {c.reference ? ` · ${c.reference}` : ''}
        </strong>
        <Pill tone={STATUS_TONE[c.status]}>{t(`merchant.qr.statusName.${c.status}`)}</Pill>
      </div>
      <div>
        {c.amount ? (
          <Money amount={c.amount.amount} currency={c.amount.currency} />
        ) : (
          t('merchant.qr.anyAmount')
        )}
      </div>
      <div className="yb-small yb-muted">
        {t('merchant.qr.createdAt', { when: when(c.createdAt) })}
        {c.expiresAt ? ` · ${t('merchant.qr.expiresAt', { when: when(c.expiresAt) })}` : ''}
      </div>
      <div className="yb-row">
        <Link
          to="/merchant/$merchantId/qr-codes/$qrCodeId"
          params={{ merchantId: c.merchantId, qrCodeId: c.id }}
          className="yb-button"
          data-variant="secondary"
        >
          {t('merchant.qr.print')}
        </Link>
        {isOwner && c.status === 'active' ? (
          <ConfirmAction
            label={t('merchant.qr.disable')}
            question={t('merchant.qr.confirmDisable')}
            yes={t('merchant.qr.confirmDisableYes')}
            busy={disable.isPending}
            onConfirm={() => disable.mutate()}
          />
        ) : null}
      </div>
      <Problem error={disable.error} />
    </li>
  );
}
