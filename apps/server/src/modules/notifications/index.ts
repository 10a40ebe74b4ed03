export { notificationRoutes, notifyCustomer } from './notifications.ts';
