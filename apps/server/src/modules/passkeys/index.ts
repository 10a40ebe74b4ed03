export { type PasskeyError, passkeyErrors } from './passkeys.errors.ts';
export { passkeyRoutes } from './passkeys.routes.ts';
export { type TAuthenticationResponse, ZAuthenticationResponse, ZRequestOptions } from './passkeys.schema.ts';
export { createPasskeysService, type PasskeyFactor, type PasskeysService } from './passkeys.service.ts';
