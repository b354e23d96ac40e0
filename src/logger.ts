import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: string;
  pretty?: boolean;
  /** Exact values (tokens, secrets) to scrub from every line, wherever they appear. */
  secrets?: string[];
  /** Where lines go; stdout by default. Tests pass a stream to read what was logged. */
  destination?: DestinationStream;
}

const REDACTED = '[redacted]';

/** Slack credentials have recognisable shapes, so they are scrubbed even when not configured here. */
const TOKEN_PATTERN = /\b(?:xox[abposre]|xapp)-[A-Za-z0-9-]+/g;

/**
 * Field paths that carry credentials in Slack payloads, HTTP requests and our config.
 * Slash-command and interaction payloads carry a legacy verification `token`.
 */
const REDACT_PATHS = [
  'token', '*.token', '*.*.token',
  'botToken', '*.botToken', 'appToken', '*.appToken', 'signingSecret', '*.signingSecret',
  'authorization', '*.authorization', '*.headers.authorization', '*.headers["x-slack-signature"]',
  'headers["x-slack-signature"]', 'headers.authorization', '*.password', 'password',
];

/**
 * JSON-lines logger with credentials removed: by field path, by token shape, and by the exact
 * configured secret values (a signing secret has no recognisable shape).
 */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 6);
  const scrub = (text: string): string => {
    let result = text.replace(TOKEN_PATTERN, REDACTED);
    for (const secret of secrets) result = result.split(secret).join(REDACTED);
    return result;
  };
  const scrubValue = (value: unknown, depth = 0): unknown => {
    if (typeof value === 'string') return scrub(value);
    if (depth > 6 || value === null || typeof value !== 'object') return value;
    if (value instanceof Error) return value;
    if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubValue(item, depth + 1)]));
  };

  const wantsPretty = Boolean(options.pretty && !options.destination);
  const pretty = wantsPretty && prettyInstalled();
  const transport = pretty ? pino.transport({ target: 'pino-pretty', options: { colorize: true } }) : undefined;
  const logger = pino(
    {
      level: options.level,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: {
        err: (err: unknown) => {
          const serialized = pino.stdSerializers.err(err as Error);
          return scrubValue(serialized) as ReturnType<typeof pino.stdSerializers.err>;
        },
      },
      formatters: { log: (object) => scrubValue(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? scrub(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? transport ?? pino.destination({ sync: false }),
  );
  if (wantsPretty && !pretty) logger.warn('LOG_PRETTY=1 needs pino-pretty, a development dependency that is not installed here (npm install --include=dev); logging JSON lines instead');
  return logger;
}

/** pino-pretty is for development: a production install (npm install --omit=dev) does not have it. */
function prettyInstalled(): boolean {
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}
