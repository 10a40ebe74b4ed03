import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { Alert, Button } from '../../design/components.tsx';
import { errorMessage } from '../../errors.ts';
import i18n from '../../i18n.ts';
import { Screen } from '../../screens/Layout.tsx';
import { type BoundCard, cardsApi } from './api.ts';
import './cards.css';
import { bankName } from '../../bank-names.ts';

export const CARDS_KEY = ['cards'] as const;

/** The bound cards (masked), removing one after a confirmation, and the ways to add one or top up. */
export function CardsScreen() {
  const { t, i18n } = useTranslation();
  const cards = useQuery({ queryKey: CARDS_KEY, queryFn: cardsApi.list });
  const [done, setDone] = useState<string | null>(null);
  const active = cards.data?.filter((c) => c.status === 'active') ?? [];
  return (
    <Screen title={t('cards.title')}>
      {done ? (
        <p className="cards-status" role="status">
          {done}
        </p>
      ) : null}
      {cards.error ? <Alert>{errorMessage(codeOf(cards.error), i18n.language)}</Alert> : null}
      {cards.isPending ? <p className="yb-muted">{t('common.loading')}</p> : null}
      {cards.data && active.length === 0 ? <p className="cards-note">{t('cards.empty')}</p> : null}
      {active.length > 0 ? (
        <ul className="cards-list" aria-label={t('cards.listLabel')}>
          {active.map((c) => (
            <CardItem key={c.id} card={c} onRemoved={() => setDone(t('cards.removed', { last4: c.last4 }))} />
          ))}
        </ul>
      ) : null}
      <div className="cards-actions">
        <Link to="/cards/new" className="yb-button" data-variant={active.length ? 'secondary' : 'primary'}>
          {t('cards.add')}
        </Link>
        {active.length > 0 ? (
          <Link to="/topup" className="yb-button" data-variant="primary">
            {t('cards.topUp')}
          </Link>
        ) : null}
      </div>
    </Screen>
  );
}

export function cardTitle(card: Pick<BoundCard, 'bankName' | 'last4'>, t: TFunction) {
  return t('cards.cardName', { bank: bankName(card.bankName, i18n.language), last4: card.last4 });
}

function CardItem({ card, onRemoved }: { card: BoundCard; onRemoved: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => cardsApi.remove(card.id),
    onSuccess: async () => {
      onRemoved();
      await queryClient.invalidateQueries({ queryKey: CARDS_KEY });
    },
  });
  const brand = t(`cards.brands.${card.brand}`, { defaultValue: card.brand });
  const titleId = `card-${card.id}`;
  return (
    <li className="cards-item" aria-labelledby={titleId}>
      <div className="cards-item-head">
        <span className="cards-item-bank" id={titleId}>
          {cardTitle(card, t)}
        </span>
        <span className="yb-badge">{t(`cards.status.${card.status}`)}</span>
      </div>
      <span className="cards-item-number" aria-hidden="true">
        •••• {card.last4}
      </span>
      <span className="cards-item-meta">
        {brand ? <span>{brand}</span> : null}
        <span>{t('cards.holder', { name: card.holderName })}</span>
        <span>{t('cards.expires', { expiry: card.expiry })}</span>
      </span>
      {confirming ? (
        <div className="cards-confirm yb-stack">
          <p>{t('cards.confirmRemove', { last4: card.last4 })}</p>
          {remove.error ? <Alert>{errorMessage(codeOf(remove.error), i18n.language)}</Alert> : null}
          <div className="cards-actions">
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              {t('cards.cancel')}
            </Button>
            <Button onClick={() => remove.mutate()} disabled={remove.isPending}>
              {t('cards.confirmRemoveYes')}
            </Button>
          </div>
        </div>
      ) : (
        <button
          type="button"
          className="cards-item-remove"
          aria-label={t('cards.removeCard', { last4: card.last4 })}
          onClick={() => setConfirming(true)}
        >
          {t('cards.remove')}
        </button>
      )}
    </li>
  );
}

export const codeOf = (e: unknown) => (e instanceof ApiError ? e.code : undefined);
