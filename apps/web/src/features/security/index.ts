/** What other screens use from the security feature (its own screens load with their routes). */
export { DeviceTrustBanner } from './DeviceTrustBanner.tsx';
