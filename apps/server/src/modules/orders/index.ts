export {
  ORDER_PAYMENT_TOPIC,
  ORDER_RECEIVED_TOPIC,
  ORDER_TOPICS,
  orderEffectHandlers,
  orderPaidEffect,
  REFUND_TOPIC,
  refundRecordedEffect,
} from './order-effects.ts';
export {
  type OrderError,
  type OrderPaymentError,
  orderErrors,
  orderPaymentErrors,
  type RefundError,
  refundErrors,
} from './orders.errors.ts';
export { orderById, refundById } from './orders.repository.ts';
export { orderRoutes } from './orders.routes.ts';
export type { TCheckoutPay, TCreateRefund, TOrder, TOrderPayment, TRefund } from './orders.schema.ts';
export { createOrdersService, type OrdersService, orderStatus, refundView } from './orders.service.ts';
