import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button } from '../../design/components.tsx';
import { Screen } from '../../screens/Layout.tsx';
import { securityApi } from './api.ts';
import { when } from './rules.ts';
import { Confirm, Notice, useErrorText } from './ui.tsx';

/** The devices that signed in: this one marked, trusted or not, last seen; remove another one. */
export function DevicesScreen() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const devices = useQuery({ queryKey: ['security', 'devices'], queryFn: securityApi.devices });
  const [asking, setAsking] = useState<string | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => securityApi.revokeDevice(id),
    onSuccess: async () => {
      setAsking(null);
      await queryClient.invalidateQueries({ queryKey: ['security'] });
    },
  });

  return (
    <Screen title={t('security.devices.title')} back="/security">
      <p className="yb-muted">{t('security.devices.intro')}</p>
      {devices.error ? <Alert>{errorText(devices.error)}</Alert> : null}
      {revoke.error ? <Alert>{errorText(revoke.error)}</Alert> : null}
      {revoke.isSuccess ? <Notice>{t('security.devices.revoked')}</Notice> : null}
      {devices.data ? (
        devices.data.length ? (
          <ul className="sec-rows">
            {devices.data.map((d) => (
              <li className="sec-row" key={d.id} data-current={d.current ? '' : undefined}>
                <div className="sec-item-main">
                  <span className="sec-row-title">{d.name ?? t('security.devices.unnamed')}</span>
                  <span className="sec-tags">
                    {d.current ? <span className="yb-badge">{t('security.devices.current')}</span> : null}
                    <span className={d.trusted ? 'sec-ok' : 'sec-warn'}>
                      {t(d.trusted ? 'security.devices.trusted' : 'security.devices.untrusted')}
                    </span>
                  </span>
                  <span className="sec-meta">
                    {t('security.devices.lastSeen', { when: when(d.lastSeenAt, i18n.language) })}
                  </span>
                  <span className="sec-meta">
                    {t('security.devices.firstSeen', { when: when(d.firstSeenAt, i18n.language) })}
                  </span>
                </div>
                {d.current ? (
                  !d.trusted ? (
                    <Link to="/security/trust" className="yb-button" data-variant="primary">
                      {t('security.devices.trustThis')}
                    </Link>
                  ) : null
                ) : asking === d.id ? (
                  <Confirm
                    text={t('security.devices.revokeConfirm')}
                    yes={t('security.devices.revokeYes')}
                    busy={revoke.isPending}
                    onYes={() => revoke.mutate(d.id)}
                    onNo={() => setAsking(null)}
                  />
                ) : (
                  <Button
                    variant="secondary"
                    aria-label={`${t('security.devices.revoke')}: ${d.name ?? t('security.devices.unnamed')}`}
                    onClick={() => {
                      revoke.reset();
                      setAsking(d.id);
                    }}
                  >
                    {t('security.devices.revoke')}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('security.devices.empty')}</p>
        )
      ) : (
        <p className="yb-muted">{t('common.loading')}</p>
      )}
    </Screen>
  );
}
