export { identityRoutes } from './identity.routes.ts';
export { ZPhone, ZSession } from './identity.schema.ts';
export { createIdentityService, type IdentityService } from './identity.service.ts';
export { maskPhone, normalizeCnMobile } from './phone.ts';
