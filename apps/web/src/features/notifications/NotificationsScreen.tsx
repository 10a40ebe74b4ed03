import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { Alert, Button } from '../../design/components.tsx';
import { errorMessage } from '../../errors.ts';
import { Screen } from '../../screens/Layout.tsx';
import { NOTIFICATIONS_KEY, type Notification, notificationsApi } from './api.ts';
import './notifications.css';

const codeOf = (e: unknown) => (e instanceof ApiError ? e.code : undefined);

/** The inbox: unread ones marked; opening one shows it and marks it read. */
export function NotificationsScreen() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const pages = useInfiniteQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'list'],
    queryFn: ({ pageParam }) => notificationsApi.page(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = items.filter((n) => !n.readAt);
  const [open, setOpen] = useState<string | null>(null);
  const markRead = useMutation({
    mutationFn: (ids: string[]) => Promise.all(ids.map((id) => notificationsApi.markRead(id))),
    onSettled: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
  const error = pages.error ?? markRead.error;

  const toggle = (n: Notification) => {
    setOpen(open === n.id ? null : n.id);
    if (!n.readAt && !markRead.isPending) markRead.mutate([n.id]);
  };

  return (
    <Screen title={t('notifications.title')}>
      <p className="yb-muted">{t('notifications.intro')}</p>
      {error ? <Alert>{errorMessage(codeOf(error), i18n.language)}</Alert> : null}
      {pages.isPending ? <p className="yb-muted">{t('common.loading')}</p> : null}
      {pages.data && items.length === 0 ? (
        <div className="notifications-empty yb-card" role="status">
          <p>
            <strong>{t('notifications.empty')}</strong>
          </p>
          <p className="yb-muted">{t('notifications.emptyHint')}</p>
        </div>
      ) : null}
      {unread.length > 1 ? (
        <Button
          variant="secondary"
          onClick={() => markRead.mutate(unread.map((n) => n.id))}
          disabled={markRead.isPending}
        >
          {t('notifications.markAllRead')}
        </Button>
      ) : null}
      {items.length > 0 ? (
        <ul className="notifications-list" aria-label={t('notifications.list')}>
          {items.map((n) => {
            const bodyId = `notification-${n.id}`;
            return (
              <li key={n.id} className="notifications-item" data-unread={n.readAt ? undefined : ''}>
                <button
                  type="button"
                  className="notifications-toggle"
                  aria-expanded={open === n.id}
                  aria-controls={bodyId}
                  onClick={() => toggle(n)}
                >
                  <span className="notifications-dot" aria-hidden="true" />
                  <span className="notifications-title">
                    {t(`notifications.kinds.${n.kind}`, { defaultValue: n.title })}
                  </span>
                  <span className="notifications-meta">
                    <time dateTime={n.createdAt}>
                      {new Intl.DateTimeFormat(i18n.language, {
                        dateStyle: 'medium',
                        timeStyle: 'short',
                      }).format(new Date(n.createdAt))}
                    </time>
                  </span>
                  <span className="notifications-state">
                    {n.readAt ? t('notifications.read') : t('notifications.unread')}
                  </span>
                </button>
                <div id={bodyId} className="notifications-body" hidden={open !== n.id}>
                  {n.body}
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
      {pages.hasNextPage ? (
        <Button
          variant="secondary"
          block
          onClick={() => void pages.fetchNextPage()}
          disabled={pages.isFetchingNextPage}
        >
          {t('notifications.loadMore')}
        </Button>
      ) : null}
    </Screen>
  );
}
