/**
 * The process's root pino logger: JSON lines at LOG_LEVEL, with secrets and personal data redacted.
 * The API gives each request a child of it (apps/api/src/logging); the worker logs through it directly.
 */
import pino, { Logger } from 'pino';
import type { AppConfig } from '../config/app-config';

/** Headers and body fields that may carry secrets or personal data never reach the logs. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
];

export function createRootLogger(config: Pick<AppConfig, 'LOG_LEVEL'>): Logger {
  return pino({ level: config.LOG_LEVEL, redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } });
}
