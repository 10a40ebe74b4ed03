export { type Approvals, createApprovals } from './approvals.service.ts';
export { PERMISSIONS, permissionsOf, ROLES, type Role } from './roles.ts';
export { staffRoutes } from './staff.routes.ts';
export { createStaffAuth, type StaffAuth } from './staff-auth.service.ts';
export { createStaffCustomers, type StaffCustomers } from './staff-customers.service.ts';
export { staffKycRoutes } from './staff-kyc.routes.ts';
