export { type TransferError, transferErrors } from './transfers.errors.ts';
export { transferRoutes } from './transfers.routes.ts';
export { type TCreateTransfer, type TTransfer, ZCreateTransfer, ZTransfer } from './transfers.schema.ts';
