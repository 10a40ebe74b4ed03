import type { Shape } from '../../text.ts';

/** UI text of this feature, under `notifications.*` (zh-CN default; English typed against it). */
export const zhCN = {
  title: '消息通知',
  intro: '充值、提现、安全提醒等消息都在这里。点开一条即标为已读。',
  list: '消息列表',
  unread: '未读',
  read: '已读',
  unreadCount: '{{count}} 条未读消息',
  open: '查看',
  markRead: '标为已读',
  markAllRead: '全部标为已读',
  empty: '暂时没有消息。',
  emptyHint: '充值、转账和账户安全的提醒会出现在这里。',
  loadMore: '加载更多',
  kinds: {
    topup_succeeded: '充值成功',
    topup_declined: '充值失败',
    topup_timed_out: '充值未完成',
    withdrawal_succeeded: '提现成功',
    withdrawal_declined: '提现失败，钱已退回钱包',
    withdrawal_timed_out: '提现未完成，钱已退回钱包',
    transfer_sent: '转账成功',
    transfer_received: '收到转账',
    transfer_held: '转账正在审核',
  },
} as const;

export const en: Shape<typeof zhCN> = {
  title: 'Notifications',
  intro: 'Top-ups, withdrawals, security alerts and more. Opening one marks it as read.',
  list: 'Notification list',
  unread: 'Unread',
  read: 'Read',
  unreadCount: '{{count}} unread notifications',
  open: 'Open',
  markRead: 'Mark as read',
  markAllRead: 'Mark all as read',
  empty: 'No notifications yet.',
  emptyHint: 'Alerts about top-ups, transfers and your account’s security will appear here.',
  loadMore: 'Load more',
  kinds: {
    topup_succeeded: 'Top-up successful',
    topup_declined: 'Top-up declined',
    topup_timed_out: 'Top-up not completed',
    withdrawal_succeeded: 'Withdrawal sent',
    withdrawal_declined: 'Withdrawal declined, money returned',
    withdrawal_timed_out: 'Withdrawal not completed, money returned',
    transfer_sent: 'Transfer sent',
    transfer_received: 'Money received',
    transfer_held: 'Transfer under review',
  },
};
