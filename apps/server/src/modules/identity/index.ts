export { type ClientDevice, clientDevice } from './device.ts';
export type { DeviceRow } from './devices.repository.ts';
export { identityErrors } from './identity.errors.ts';
export { identityRoutes, signInMeta } from './identity.routes.ts';
export { ZDeviceHeaders, ZPhone, ZSession } from './identity.schema.ts';
export { createIdentityService, type IdentityService, type SignInMeta } from './identity.service.ts';
export { maskPhone, normalizeCnMobile } from './phone.ts';
