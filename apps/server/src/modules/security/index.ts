export { controlsRoutes } from './controls.routes.ts';
export { type ControlsError, type CustomerControls, createCustomerControls } from './controls.ts';
export { deviceRoutes } from './devices.routes.ts';
export { createDeviceControls, type DeviceControls, type DevicesError } from './devices.ts';
export { pinProblem } from './pin.ts';
export { type SecurityError, type StepUpError, securityErrors, stepUpErrors } from './security.errors.ts';
export { securityRoutes } from './security.routes.ts';
export { ZStepUp } from './security.schema.ts';
export {
  type Binding,
  createSecurityService,
  POSSESSION_METHODS,
  type Proof,
  type SecurityService,
  type StepUpMethod,
} from './security.service.ts';
export { createTotp, type Totp } from './totp.service.ts';
