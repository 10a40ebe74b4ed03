export { type SalesError, salesErrors } from './sales.errors.ts';
export { merchantSalesRoutes } from './sales.routes.ts';
export { ZMerchantPayment, ZPaymentList, ZSales } from './sales.schema.ts';
export {
  createMerchantSalesService,
  DEFAULT_SALES_DAYS,
  MAX_SALES_DAYS,
  type MerchantSalesService,
  salesRange,
} from './sales.service.ts';
