import pino from 'pino';

/**
 * One structured logger for the product. Redaction is a second line of defence: code must not pass
 * secrets to the logger in the first place, but a header bag or config object logged by mistake is scrubbed.
 */
export const redactPaths = [
  '*.password',
  '*.apiKey',
  '*.secret',
  '*.consumerSecret',
  '*.consumerKey',
  '*.clientSecret',
  '*.token',
  '*.accessToken',
  '*.authorization',
  '*.Authorization',
  '*["x-api-key"]',
  'headers.authorization',
  'headers["x-api-key"]',
];

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  redact: { paths: redactPaths, censor: '[redacted]' },
  base: undefined,
});

export type Logger = typeof logger;
