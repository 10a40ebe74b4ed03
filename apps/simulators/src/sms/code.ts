/** Matches a run of exactly six ASCII digits that is not part of a longer number. */
const CODE_PATTERN = /(?<!\d)\d{6}(?!\d)/;

/**
 * Returns the first one-time code in an SMS text: the first run of exactly 6 digits
 * (a longer or shorter run of digits does not count), or `null` if there is none.
 */
export function extractCode(text: string): string | null {
  return CODE_PATTERN.exec(text)?.[0] ?? null;
}
