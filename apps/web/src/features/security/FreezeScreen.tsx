import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { Alert, Button, Card } from '../../design/components.tsx';
import { Screen } from '../../screens/Layout.tsx';
import { type Challenge, challengeOf, StepUp, type StepUpProof } from '../step-up/StepUp.tsx';
import { type FreezeReason, securityApi } from './api.ts';
import { Confirm, Notice, useErrorText, useMeAndWallet } from './ui.tsx';

/**
 * Freeze the wallet (or report the phone lost: also signs out every other session), each after a
 * confirmation saying what happens; lift a freeze with the PIN through the step-up panel.
 */
export function FreezeScreen() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const { wallet } = useMeAndWallet();
  const [asking, setAsking] = useState<FreezeReason | null>(null);
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [byBank, setByBank] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['wallet'] });

  const freeze = useMutation({
    mutationFn: (reason: FreezeReason) => securityApi.freeze(reason),
    onMutate: () => setNote(null),
    onSuccess: async (r, reason) => {
      setAsking(null);
      setNote(
        reason === 'lost_phone'
          ? t('security.freeze.frozenLostOk', { count: r.revokedSessions })
          : t('security.freeze.frozenOk'),
      );
      await refresh();
    },
  });
  const start = useMutation({
    mutationFn: securityApi.unfreezeChallenge,
    onMutate: () => setNote(null),
    onSuccess: (c) => setChallenge(c),
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'WALLET_FROZEN_BY_BANK') setByBank(true);
      const c = challengeOf(e);
      if (c) setChallenge(c.challenge);
    },
  });
  const unfreeze = useMutation({
    mutationFn: (p: StepUpProof) => securityApi.unfreeze(p),
    onSuccess: async () => {
      setChallenge(null);
      setNote(t('security.freeze.unfrozen'));
      await refresh();
    },
  });
  const status = wallet.data?.status;
  const startError = start.error && !byBank && !challengeOf(start.error) ? errorText(start.error) : null;

  return (
    <Screen
      title={status === 'frozen' ? t('security.freeze.frozenTitle') : t('security.freeze.title')}
      back="/security"
    >
      {wallet.error ? <Alert>{errorText(wallet.error)}</Alert> : null}
      {note ? <Notice>{note}</Notice> : null}
      {status === 'frozen' ? (
        <>
          <Card>
            <p>{t('security.freeze.frozenText')}</p>
          </Card>
          {byBank ? (
            <Alert>{t('security.freeze.byBank')}</Alert>
          ) : challenge ? (
            <StepUp
              challenge={challenge}
              busy={unfreeze.isPending}
              error={unfreeze.error ? errorText(unfreeze.error) : null}
              onConfirm={(p) => unfreeze.mutate(p)}
              onCancel={() => {
                setChallenge(null);
                unfreeze.reset();
              }}
            />
          ) : (
            <>
              {startError ? <Alert>{startError}</Alert> : null}
              <Button block disabled={start.isPending} onClick={() => start.mutate()}>
                {start.isPending ? t('security.freeze.unfreezing') : t('security.freeze.unfreeze')}
              </Button>
            </>
          )}
        </>
      ) : status === 'active' ? (
        <>
          <p>{t('security.freeze.intro')}</p>
          {freeze.error ? <Alert>{errorText(freeze.error)}</Alert> : null}
          {asking ? (
            <Confirm
              title={t(
                asking === 'lost_phone'
                  ? 'security.freeze.confirmLostTitle'
                  : 'security.freeze.confirmFreezeTitle',
              )}
              text={t(
                asking === 'lost_phone' ? 'security.freeze.confirmLost' : 'security.freeze.confirmFreeze',
              )}
              yes={
                freeze.isPending
                  ? t('security.freeze.freezing')
                  : t(asking === 'lost_phone' ? 'security.freeze.yesLost' : 'security.freeze.yesFreeze')
              }
              busy={freeze.isPending}
              onYes={() => freeze.mutate(asking)}
              onNo={() => setAsking(null)}
            />
          ) : (
            <div className="yb-stack">
              <Button block onClick={() => setAsking('suspicious')}>
                {t('security.freeze.freeze')}
              </Button>
              <Button block variant="secondary" onClick={() => setAsking('lost_phone')}>
                {t('security.freeze.lost')}
              </Button>
            </div>
          )}
        </>
      ) : (
        <p className="yb-muted">{t('common.loading')}</p>
      )}
    </Screen>
  );
}
