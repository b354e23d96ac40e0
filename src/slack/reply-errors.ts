import type { Logger } from 'pino';
import { GuildError } from '../community/community.errors';
import { UNEXPECTED_ERROR_TEXT } from '../community/community.views';
import { ScheduleError } from '../scheduler/schedules';

/**
 * What to tell the person when their action failed: a domain error explains itself; anything
 * else is logged with its context and answered with an apology (nothing was changed: services
 * write in transactions).
 */
export function errorText(err: unknown, logger: Logger, context: Record<string, unknown>): string {
  if (err instanceof GuildError || err instanceof ScheduleError) return err.message;
  logger.error({ err, ...context }, 'action failed');
  return UNEXPECTED_ERROR_TEXT;
}
