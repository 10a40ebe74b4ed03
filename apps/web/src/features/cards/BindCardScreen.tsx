import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, TextField } from '../../design/components.tsx';
import { errorMessage } from '../../errors.ts';
import { Screen } from '../../screens/Layout.tsx';
import { cardsApi, expiryOk, groupDigits, luhnOk } from './api.ts';
import { CARDS_KEY, codeOf } from './CardsScreen.tsx';
import './cards.css';

/** Binding a card: number grouped in fours as typed and Luhn-checked, expiry MM/YY not past, holder. */
export function BindCardScreen() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [pan, setPan] = useState('');
  const [expiry, setExpiry] = useState('');
  const [holder, setHolder] = useState('');
  const [touched, setTouched] = useState(false);
  const digits = pan.replace(/\D/g, '');

  const bind = useMutation({
    mutationFn: () => cardsApi.bind({ pan: digits, expiry, holderName: holder.trim() }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: CARDS_KEY });
      await navigate({ to: '/cards' });
    },
  });

  const panError = !touched
    ? null
    : !digits
      ? t('cards.bind.panRequired')
      : !luhnOk(digits)
        ? t('cards.bind.panInvalid')
        : null;
  const exp = expiryOk(expiry);
  const expiryError = !touched
    ? null
    : exp === 'format'
      ? t('cards.bind.expiryInvalid')
      : exp === 'past'
        ? t('cards.bind.expiryPast')
        : null;
  const holderError = touched && !holder.trim() ? t('cards.bind.holderRequired') : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!luhnOk(digits) || expiryOk(expiry) !== 'ok' || !holder.trim()) return;
    bind.mutate();
  };

  return (
    <Screen title={t('cards.bind.title')} back="/cards">
      <p className="yb-muted">{t('cards.bind.intro')}</p>
      <Card>
        <form className="yb-stack" onSubmit={submit} noValidate>
          {bind.error ? <Alert>{errorMessage(codeOf(bind.error), i18n.language)}</Alert> : null}
          <TextField
            label={t('cards.bind.pan')}
            hint={t('cards.bind.panHint')}
            error={panError}
            inputMode="numeric"
            autoComplete="cc-number"
            maxLength={23}
            value={pan}
            onChange={(e) => setPan(groupDigits(e.target.value.replace(/\D/g, '').slice(0, 19)))}
          />
          <TextField
            label={t('cards.bind.expiry')}
            hint={t('cards.bind.expiryHint')}
            error={expiryError}
            inputMode="numeric"
            autoComplete="cc-exp"
            placeholder="MM/YY"
            maxLength={5}
            value={expiry}
            onChange={(e) => setExpiry(formatExpiry(e.target.value, expiry))}
          />
          <TextField
            label={t('cards.bind.holder')}
            hint={t('cards.bind.holderHint')}
            error={holderError}
            autoComplete="cc-name"
            maxLength={64}
            value={holder}
            onChange={(e) => setHolder(e.target.value)}
          />
          <Button type="submit" block disabled={bind.isPending}>
            {bind.isPending ? t('cards.bind.busy') : t('cards.bind.submit')}
          </Button>
        </form>
      </Card>
      <p className="cards-note">
        {t('cards.bind.kycHint')} <Link to="/kyc">{t('cards.bind.kycLink')}</Link>
      </p>
    </Screen>
  );
}

/** "08" → "08/" while typing, "0829" → "08/29"; deleting goes back over the slash. */
function formatExpiry(next: string, prev: string): string {
  const d = next.replace(/\D/g, '').slice(0, 4);
  if (d.length < 2) return d;
  if (d.length === 2) return next.length > prev.length ? `${d}/` : d;
  return `${d.slice(0, 2)}/${d.slice(2)}`;
}
