export { controlsRoutes } from './controls.routes.ts';
export { type ControlsError, type CustomerControls, createCustomerControls } from './controls.ts';
export { pinProblem } from './pin.ts';
export { type SecurityError, type StepUpError, securityErrors, stepUpErrors } from './security.errors.ts';
export { securityRoutes } from './security.routes.ts';
export { ZStepUp } from './security.schema.ts';
export { type Binding, createSecurityService, type Proof, type SecurityService } from './security.service.ts';
export { createTotp, type Totp } from './totp.service.ts';
