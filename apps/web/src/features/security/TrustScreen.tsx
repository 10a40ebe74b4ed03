import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { Alert, Button } from '../../design/components.tsx';
import { Screen } from '../../screens/Layout.tsx';
import { type Challenge, StepUp, type StepUpProof, stepUpFailure } from '../step-up/StepUp.tsx';
import { securityApi } from './api.ts';
import { Notice, useErrorText } from './ui.tsx';

/**
 * Trusting this device: a challenge that only a texted code or a passkey can answer (never the PIN
 * or the password, which someone on a new device may have stolen). The server offers only those
 * methods, so the shared confirmation panel shows only those.
 */
export function TrustScreen() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [done, setDone] = useState(false);

  const start = useMutation({
    mutationFn: securityApi.trustChallenge,
    onSuccess: (c) => setChallenge(c),
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'DEVICE_ALREADY_TRUSTED') setDone(true);
    },
  });
  const trust = useMutation({
    mutationFn: (proof: StepUpProof) => securityApi.trust(proof),
    onSuccess: async () => {
      setDone(true);
      await queryClient.invalidateQueries({ queryKey: ['security'] });
    },
  });
  const startError =
    start.error instanceof ApiError && start.error.code !== 'DEVICE_ALREADY_TRUSTED' ? start.error : null;

  return (
    <Screen title={t('security.trust.title')} back="/security">
      <p>{t('security.trust.intro')}</p>
      {startError ? <Alert>{errorText(startError)}</Alert> : null}
      {done ? (
        <>
          <Notice>{start.error ? t('security.trust.alreadyTrusted') : t('security.trust.done')}</Notice>
          <Link to="/home" className="yb-button" data-variant="primary">
            {t('security.done')}
          </Link>
        </>
      ) : !challenge ? (
        <Button block disabled={start.isPending} onClick={() => start.mutate()}>
          {start.isPending ? t('security.trust.starting') : t('security.trust.start')}
        </Button>
      ) : (
        <StepUp
          challenge={challenge}
          what={t('security.trust.title')}
          busy={trust.isPending}
          error={stepUpFailure(trust.error, t, i18n.language)}
          onConfirm={(proof) => trust.mutate(proof)}
          onCancel={() => setChallenge(null)}
          onRestart={() => {
            setChallenge(null);
            trust.reset();
            start.mutate();
          }}
        />
      )}
    </Screen>
  );
}
