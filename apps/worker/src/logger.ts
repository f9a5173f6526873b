import { type DestinationStream, type Logger, pino } from 'pino';

/**
 * Keys whose values never reach a log line, wherever they appear (one or two levels deep).
 * Secrets are also `Secret` objects that print as a mask; this list is the second belt.
 */
export const REDACT_PATHS: readonly string[] = [
  'password',
  'passphrase',
  'apiKey',
  'privateKey',
  'secret',
  'token',
  'authorization',
  '*.password',
  '*.passphrase',
  '*.apiKey',
  '*.privateKey',
  '*.secret',
  '*.token',
  '*.authorization',
  '*.*.password',
  '*.*.apiKey',
  '*.*.privateKey',
];

/** The worker's pino logger: JSON lines, secrets redacted, `service: usesync-worker`. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'usesync-worker' },
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

export type { Logger };
