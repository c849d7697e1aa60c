/** How far each user has read their notifications (the notifications themselves are case events). */
export interface NotificationCursorsTable {
  user_id: string;
  read_until: number;
}

export interface NotifyTables {
  notification_cursors: NotificationCursorsTable;
}
