import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

const PINO_LEVEL: Record<LogLevel, string> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/** Bolt and the Slack SDK log through Guild's pino logger (and so its redaction). */
export function boltLogger(logger: Logger): BoltLogger {
  let child = logger.child({ component: 'bolt' });
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (...messages: unknown[]) => {
    // Bolt logs several debug lines per request, some with whole payloads: formatting them only
    // to drop them cost every request allocations (and the garbage collector's pauses).
    if (!child.isLevelEnabled(level)) return;
    const [first, ...rest] = messages;
    if (first instanceof Error) child[level]({ err: first }, rest.map(String).join(' ') || first.message);
    else child[level](messages.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' '));
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (level: LogLevel) => {
      child.level = PINO_LEVEL[level];
    },
    getLevel: () => (Object.entries(PINO_LEVEL).find(([, pinoLevel]) => pinoLevel === child.level)?.[0] as LogLevel | undefined) ?? LogLevel.INFO,
    setName: (name: string) => {
      child = logger.child({ component: name });
    },
  };
}
