import type { Messages } from '../errors.ts';

/** Plain words for the API error codes the back-office console can meet (both languages). */
export const errors: Record<string, Messages> = {};
