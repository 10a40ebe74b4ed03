import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs with secrets removed: credentials, tokens, card numbers, PINs and OTPs
 * never reach the log, whatever path they travel in.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-signature"]',
  '*.password',
  '*.pan',
  '*.cardNumber',
  '*.pin',
  '*.otp',
  '*.token',
  '*.secret',
  '*.selfie',
];

export function createLogger(opts: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        req: (req) => ({ id: req.id, method: req.method, url: maskUrl(req.url), remoteAddress: req.ip }),
      },
    },
    opts.destination,
  );
}

/** Digit runs that look like card numbers are masked even inside URLs. */
export function maskUrl(url: string): string {
  return url.replace(/\d{12,19}/g, (m) => `${'*'.repeat(m.length - 4)}${m.slice(-4)}`);
}
