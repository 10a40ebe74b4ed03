import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, Button } from '../../design/components.tsx';
import { Screen } from '../../screens/Layout.tsx';
import { securityApi } from './api.ts';
import { deviceSummary, when } from './rules.ts';
import { Notice, useErrorText } from './ui.tsx';

/** Where the wallet is signed in; sign any other session out. */
export function SessionsScreen() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: ['security', 'sessions'], queryFn: securityApi.sessions });
  const revoke = useMutation({
    mutationFn: (id: string) => securityApi.revokeSession(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['security'] }),
  });

  return (
    <Screen title={t('security.sessions.title')} back="/security">
      <p className="yb-muted">{t('security.sessions.intro')}</p>
      {sessions.error ? <Alert>{errorText(sessions.error)}</Alert> : null}
      {revoke.error ? <Alert>{errorText(revoke.error)}</Alert> : null}
      {revoke.isSuccess ? <Notice>{t('security.sessions.revoked')}</Notice> : null}
      {sessions.data ? (
        sessions.data.length ? (
          <ul className="sec-rows">
            {sessions.data.map((s) => {
              const name = s.device ?? t('security.sessions.unknownDevice');
              const summary = s.device ? deviceSummary(s.device) : name;
              return (
                <li className="sec-row" key={s.id} data-current={s.current ? '' : undefined}>
                  <div className="sec-item-main">
                    <span className="sec-row-title">{summary}</span>
                    {s.device && summary !== s.device ? (
                      <span className="sec-meta sec-ua">{s.device}</span>
                    ) : null}
                    {s.current ? (
                      <span className="sec-tags">
                        <span className="yb-badge">{t('security.sessions.current')}</span>
                      </span>
                    ) : null}
                    <span className="sec-meta">
                      {t('security.sessions.started', { when: when(s.createdAt, i18n.language) })}
                    </span>
                    <span className="sec-meta">
                      {t('security.sessions.lastSeen', { when: when(s.lastSeenAt, i18n.language) })}
                    </span>
                    {s.ip ? (
                      <span className="sec-meta">{t('security.sessions.ip', { ip: s.ip })}</span>
                    ) : null}
                  </div>
                  {s.current ? null : (
                    <Button
                      variant="secondary"
                      aria-label={`${t('security.sessions.revoke')}: ${name}, ${when(s.createdAt, i18n.language)}`}
                      disabled={revoke.isPending}
                      onClick={() => revoke.mutate(s.id)}
                    >
                      {t('security.sessions.revoke')}
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
        ) : (
          <p>{t('security.sessions.empty')}</p>
        )
      ) : (
        <p className="yb-muted">{t('common.loading')}</p>
      )}
    </Screen>
  );
}
