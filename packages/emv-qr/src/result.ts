export const QR_ERROR_CODES = [
  'truncated',
  'length_mismatch',
  'invalid_id',
  'invalid_length',
  'invalid_character',
  'duplicate_id',
  'missing_tag',
  'format_indicator_not_first',
  'invalid_format_indicator',
  'invalid_point_of_initiation',
  'invalid_mcc',
  'invalid_currency',
  'invalid_amount',
  'invalid_tip',
  'invalid_country',
  'invalid_language',
  'field_too_long',
  'crc_not_last',
  'invalid_crc_format',
  'crc_mismatch',
  'invalid_base64',
  'ber_truncated',
  'ber_invalid_length',
  'cpm_invalid_format_indicator',
  'cpm_missing_application',
  'cpm_invalid_value',
] as const;

/** Every way a payload (or a model given to `encode`) can be refused. Stable: callers switch on it. */
export type QrErrorCode = (typeof QR_ERROR_CODES)[number];

export type QrError = {
  readonly code: QrErrorCode;
  /** Names the field (e.g. "62.05") and the character offset where it applies. */
  readonly message: string;
  /** Character offset in the payload (code points), when the error has one. */
  readonly offset?: number;
  /** The data object's path: "59", "62.05", "26.00". */
  readonly field?: string;
};

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: QrError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export function fail<T = never>(
  code: QrErrorCode,
  message: string,
  where: { offset?: number; field?: string } = {},
): Result<T> {
  return { ok: false, error: { code, message, ...where } };
}
