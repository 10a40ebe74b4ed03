import { useQuery } from '@tanstack/react-query';
import { client, unwrap } from '../../api.ts';
import { currentSession } from '../../session.ts';

/** The inbox: in-app notifications, newest first, and marking one read. */
export type Notification = {
  id: string;
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
};
export type NotificationPage = { items: Notification[]; nextCursor: string | null };

export const NOTIFICATIONS_KEY = ['notifications'] as const;

export const notificationsApi = {
  page: (cursor?: string): Promise<NotificationPage> =>
    unwrap(
      client.GET('/v1/notifications', { params: { query: { limit: 50, ...(cursor ? { cursor } : {}) } } }),
    ) as Promise<NotificationPage>,
  markRead: (notificationId: string) =>
    unwrap(client.POST('/v1/notifications/{notificationId}/read', { params: { path: { notificationId } } })),
};

/**
 * How many of the newest notifications are unread (the first page: "50+" is plenty for a badge).
 * Refreshed every minute while shown, and at once after a notification is read.
 */
export function useUnreadCount(): number | undefined {
  const signedIn = !!currentSession();
  const q = useQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'inbox'],
    queryFn: () => notificationsApi.page(),
    enabled: signedIn,
    refetchInterval: 60_000,
  });
  return q.data?.items.filter((n) => !n.readAt).length;
}
