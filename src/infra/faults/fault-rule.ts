export const FAULT_OPERATIONS = [
  'users.create',
  'users.delete',
  'payments.charge',
  'payments.refund',
  'notifications.send',
  'notifications.cancel',
] as const;
export type FaultOperation = (typeof FAULT_OPERATIONS)[number];

export interface FaultRule {
  operation: FaultOperation;
  mode: 'error' | 'hang';
  message?: string;
  /** Fire this many times, then stop; undefined fires forever. */
  times?: number;
  /** Only for this registration's e-mail; undefined matches every call. */
  email?: string;
}
