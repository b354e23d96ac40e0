import { z } from 'zod';

/**
 * Guild's whole configuration, read once from the environment at start-up and passed down.
 * Every variable is documented in .env.example.
 */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

const port = (fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === undefined || value === '' ? String(fallback) : value))
    .pipe(z.string().regex(/^\d+$/, 'must be a whole number'))
    .transform(Number)
    .pipe(z.number().int().min(0).max(65535));

const positiveInt = (fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === undefined || value === '' ? String(fallback) : value))
    .pipe(z.string().regex(/^\d+$/, 'must be a whole number'))
    .transform(Number)
    .pipe(z.number().int().positive());

const environmentSchema = z
  .object({
    SLACK_BOT_TOKEN: optionalText.pipe(z.string().startsWith('xoxb-', 'must start with xoxb-').optional()),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_APP_TOKEN: optionalText.pipe(z.string().startsWith('xapp-', 'must start with xapp-').optional()),
    SLACK_API_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
    DATABASE_URL: optionalText.pipe(z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL').optional()),
    DATA_DIR: optionalText,
    EMBEDDED_POSTGRES_PORT: port(0),
    HOST: optionalText,
    PORT: port(3000),
    LOG_LEVEL: z.enum(LOG_LEVELS).optional().default('info'),
    LOG_PRETTY: flag,
    SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),
    GUILD_SECRET: optionalText.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
    SLACK_RATE_SCALE: optionalText.pipe(z.string().regex(/^\d+(\.\d+)?$/, 'must be a number').transform(Number).pipe(z.number().positive().max(1000)).optional()),
  })
  .superRefine((env, ctx) => {
    if (!env.SLACK_BOT_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'is missing' });
    }
    if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'is missing (needed unless SLACK_APP_TOKEN selects Socket Mode)' });
    }
  });

/** How to fix each variable, printed beside its problem. */
const HINTS: Record<string, string> = {
  SLACK_BOT_TOKEN: 'the Bot User OAuth Token (xoxb-…) from your Slack app\'s "OAuth & Permissions" page. Create the app from slack-app-manifest.yml first: see "Connect Guild to Slack" in README.md.',
  SLACK_SIGNING_SECRET: 'the Signing Secret from your Slack app\'s "Basic Information" page. Or set SLACK_APP_TOKEN to use Socket Mode instead of a public URL.',
  SLACK_APP_TOKEN: 'an app-level token (xapp-…) with the connections:write scope, from "Basic Information → App-Level Tokens". Leave it unset to receive Slack over HTTP.',
  SLACK_API_URL: 'a base URL ending in /api/, e.g. https://slack.com/api/ (the default).',
  DATABASE_URL: 'e.g. postgresql://user:password@localhost:5432/guild. Leave it unset to use the embedded Postgres in DATA_DIR.',
  EMBEDDED_POSTGRES_PORT: 'a TCP port for the embedded Postgres, or 0 for any free port.',
  PORT: 'the TCP port for Slack\'s HTTP requests and /healthz, e.g. 3000.',
  LOG_LEVEL: `one of ${LOG_LEVELS.join(', ')}.`,
  LOG_PRETTY: '1 or 0.',
  SHUTDOWN_TIMEOUT_MS: 'milliseconds to let in-flight work finish on SIGTERM, e.g. 10000.',
  GUILD_SECRET: 'a long random string, e.g. the output of `openssl rand -hex 32`. It keys anonymous retros; every replica needs the same one.',
  SLACK_RATE_SCALE: 'a factor for Slack\'s published rate limits, e.g. 1 (the default) for real Slack.',
};

export interface Config {
  slack: {
    botToken: string;
    /** Absent in Socket Mode, where requests arrive over an authenticated WebSocket instead. */
    signingSecret?: string;
    /** Set → Socket Mode. */
    appToken?: string;
    apiUrl: string;
    /** Multiplies Slack's published rate limits in the outbound gateway: 1 for real Slack. */
    rateScale: number;
  };
  database: {
    /** Absent → an embedded Postgres with its data in `dataDir`. */
    url?: string;
    dataDir: string;
    embeddedPort: number;
  };
  http: { host: string; port: number };
  log: { level: (typeof LOG_LEVELS)[number]; pretty: boolean };
  shutdownTimeoutMs: number;
  /** Keys anonymity (retro pseudonyms). Unset: generated once and kept in DATA_DIR. */
  secret?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Guild cannot start: its configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}.\n${problems.map((p) => `  - ${p}`).join('\n')}\nSet these in the environment or in a .env file (see .env.example).`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment; throws one ConfigError that lists every problem with a hint. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is missing' : issue.message;
      const hint = HINTS[name];
      return `${name} ${message}${hint ? `: ${hint}` : ''}`;
    });
    throw new ConfigError([...new Set(problems)]);
  }
  const e = parsed.data;
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN as string, // presence checked in superRefine
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: withTrailingSlash(e.SLACK_API_URL ?? 'https://slack.com/api/'),
      rateScale: e.SLACK_RATE_SCALE ?? 1,
    },
    database: { url: e.DATABASE_URL, dataDir: e.DATA_DIR ?? './.data', embeddedPort: e.EMBEDDED_POSTGRES_PORT },
    http: { host: e.HOST ?? '0.0.0.0', port: e.PORT },
    log: { level: e.LOG_LEVEL, pretty: e.LOG_PRETTY },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    secret: e.GUILD_SECRET,
  };
}

/** The values that must never reach a log line. */
export function secretsOf(config: Config): string[] {
  return [config.slack.botToken, config.slack.signingSecret, config.slack.appToken, config.secret].filter((s): s is string => Boolean(s));
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
