export const NotificationErrors = {
  /** A transient failure of the mailer or the database: worth retrying. */
  unavailable: 'NOTIFICATION.UNAVAILABLE',
} as const;
