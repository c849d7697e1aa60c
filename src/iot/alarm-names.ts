/** The names of the alarm actions, declared once for the server's declarations (alarm-stream.ts) and the console. Pure data. */
export const ALARM_ACTION_NAMES = {
  acknowledge: { zh: '确认', en: 'Acknowledge' },
  assign: { zh: '指派', en: 'Assign' },
  clear: { zh: '解除', en: 'Clear' },
  comment: { zh: '备注', en: 'Comment' },
} as const;
export type AlarmActionName = keyof typeof ALARM_ACTION_NAMES;
