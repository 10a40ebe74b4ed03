import { useTranslation } from 'react-i18next';
import { useUnreadCount } from './api.ts';
import './notifications.css';

export { useUnreadCount } from './api.ts';

/**
 * A small badge with the number of unread notifications (nothing when there are none), for home:
 * e.g. next to the "Notifications" link. The count is also said in words for screen readers.
 */
export function UnreadBadge() {
  const { t } = useTranslation();
  const n = useUnreadCount();
  if (!n) return null;
  return (
    <span className="notifications-badge" role="status">
      <span aria-hidden="true">{n > 49 ? '50+' : n}</span>
      <span className="notifications-sr-only">{t('notifications.unreadCount', { count: n })}</span>
    </span>
  );
}
