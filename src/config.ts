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
    GUILD_PUBLIC_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
    GUILD_FEEDS_ALLOW_PRIVATE: flag,
    SLACK_RATE_SCALE: optionalText.pipe(z.string().regex(/^\d+(\.\d+)?$/, 'must be a number').transform(Number).pipe(z.number().positive().max(1000)).optional()),
    SLACK_RATE_BUDGET: z.enum(['shared', 'local']).optional().default('shared'),
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
  GUILD_FEEDS_ALLOW_PRIVATE: '1 or 0.',
  GUILD_PUBLIC_URL: 'the address people reach Guild at from outside Slack, e.g. https://guild.example.org (calendar feeds link to it).',
  SLACK_RATE_SCALE: 'a factor for Slack\'s published rate limits, e.g. 1 (the default) for real Slack.',
  SLACK_RATE_BUDGET: 'shared (the default: every replica books Slack\'s rate budget in Postgres) or local (kept in memory: one replica only, a baseline for benchmarks).',
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
    /** Where the rate budget is kept: `shared` in Postgres for every replica, `local` in memory (one replica only). */
    rateBudget: 'shared' | 'local';
  };
  database: {
    /** Absent → an embedded Postgres with its data in `dataDir`. */
    url?: string;
    dataDir: string;
    embeddedPort: number;
  };
  /** `publicUrl`: where calendar apps reach Guild; unset → the address Guild listens on. */
  http: { host: string; port: number; publicUrl?: string };
  log: { level: (typeof LOG_LEVELS)[number]; pretty: boolean };
  shutdownTimeoutMs: number;
  /** Outside ideas: `allowPrivate` lets feeds be read from loopback, private and other special addresses. */
  feeds: { allowPrivate: boolean };
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
      rateBudget: e.SLACK_RATE_BUDGET,
    },
    database: { url: e.DATABASE_URL, dataDir: e.DATA_DIR ?? './.data', embeddedPort: e.EMBEDDED_POSTGRES_PORT },
    http: { host: e.HOST ?? '0.0.0.0', port: e.PORT, ...(e.GUILD_PUBLIC_URL ? { publicUrl: e.GUILD_PUBLIC_URL } : {}) },
    log: { level: e.LOG_LEVEL, pretty: e.LOG_PRETTY },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    feeds: { allowPrivate: e.GUILD_FEEDS_ALLOW_PRIVATE },
    secret: e.GUILD_SECRET,
  };
}

/** The Slack credentials whose presence means "connect to a real Slack". */
const CREDENTIALS = ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET'] as const;

/**
 * Whether to run the sandbox (Guild against the local Slack, with its web page): asked for with
 * `--sandbox` (`npm run sandbox`) or GUILD_SANDBOX=1, or implied when no Slack credential is set at
 * all, so a fresh clone's `npm start` shows something that works. One credential without the
 * other is a mistake to report, not a wish for the sandbox.
 */
export function wantsSandbox(env: Record<string, string | undefined>, argv: readonly string[] = []): boolean {
  if (argv.includes('--sandbox') || flag.safeParse(env.GUILD_SANDBOX).data === true) return true;
  return CREDENTIALS.every((name) => (env[name] ?? '').trim() === '');
}

/** A token of a real workspace looks like `xoxb-<team number>-<bot number>-<secret>`. */
export function looksLikeRealSlackToken(token: string): boolean {
  return /^xox[abpr]-\d+-\d+-/.test(token) || /^xapp-\d-[A-Z0-9]+-\d+-/.test(token);
}

export interface SandboxSlack {
  apiUrl: string;
  botToken: string;
  signingSecret: string;
}

/**
 * Guild's configuration in the sandbox: the environment's settings (log level, data directory,
 * GUILD_SECRET...) but Slack replaced by the local one, reached over HTTP on a port of its own.
 * Slack credentials in the environment are ignored, never used: the sandbox lets anyone act as
 * anyone and must not reach a real workspace. Its Postgres is always the embedded one, in a
 * directory of its own, so demo data never mixes with a real installation's.
 */
export function sandboxConfig(env: Record<string, string | undefined>, slack: SandboxSlack): Config {
  if (looksLikeRealSlackToken(slack.botToken) || !/^http:\/\/127\.0\.0\.1:\d+\/api\/$/.test(slack.apiUrl)) {
    throw new ConfigError([`the sandbox runs only against its local Slack on 127.0.0.1, never with a real token (${slack.apiUrl})`]);
  }
  const config = loadConfig({
    ...env,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: slack.signingSecret,
    SLACK_APP_TOKEN: undefined,
    SLACK_API_URL: slack.apiUrl,
    DATABASE_URL: undefined,
    HOST: '127.0.0.1',
    PORT: '0',
    // The local Slack holds one workspace and no other traffic: its limits are Slack's own.
    SLACK_RATE_SCALE: undefined,
  });
  return { ...config, database: { ...config.database, dataDir: `${config.database.dataDir.replace(/\/+$/, '')}/sandbox` } };
}

/** Where the sandbox page listens: 127.0.0.1 unless SANDBOX_HOST says otherwise; PORT (3000). */
export function sandboxPage(env: Record<string, string | undefined>): { host: string; port: number } {
  const parsed = z.object({ SANDBOX_HOST: optionalText, PORT: port(3000) }).safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => `${String(issue.path[0])} ${issue.message}: ${HINTS[String(issue.path[0])] ?? ''}`));
  return { host: parsed.data.SANDBOX_HOST ?? '127.0.0.1', port: parsed.data.PORT };
}

/** The values that must never reach a log line. */
export function secretsOf(config: Config): string[] {
  return [config.slack.botToken, config.slack.signingSecret, config.slack.appToken, config.secret].filter((s): s is string => Boolean(s));
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
