import type { Messages } from '../../errors.ts';

/** Plain words for the API error codes this feature's screens can meet (both languages). */
export const errors: Record<string, Messages> = {};
