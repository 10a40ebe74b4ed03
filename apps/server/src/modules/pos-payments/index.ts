export { POS_PAYMENT_TOPICS, posCompletedEffect, posEffectHandlers } from './pos-effects.ts';
export { type PosPaymentError, posPaymentErrors } from './pos-payments.errors.ts';
export type { PosPaymentRow } from './pos-payments.repository.ts';
export * as posRepo from './pos-payments.repository.ts';
export { posPaymentRoutes } from './pos-payments.routes.ts';
export type { TPosPayment, TPosSubmit } from './pos-payments.schema.ts';
