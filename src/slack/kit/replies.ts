import type { Logger } from 'pino';
import { GuildError } from '../../community/community.errors';
import { UNEXPECTED_ERROR_TEXT } from '../../community/community.views';
import { ScheduleError } from '../../scheduler/schedules';
import { errorSummary, isUnreachable } from '../../db/outage';

/** An answer only the person who acted sees, leaving the message they clicked as it was. */
export function ephemeral(text: string): { response_type: 'ephemeral'; replace_original: false; text: string } {
  return { response_type: 'ephemeral', replace_original: false, text };
}

/** A click on a message Guild no longer acts on: an old button after an upgrade, a deleted retro. */
export const OUT_OF_DATE_TEXT = 'That message is out of date: Guild no longer acts on it. Use the latest message, or run the command again.';

/** A form whose context cannot be read any more (an old or tampered form). */
export const STALE_FORM_TEXT = 'This form is out of date. Close it and open it again.';

/**
 * What to tell the person when their action failed: a domain error explains itself; anything
 * else is logged with its context and answered with an apology (nothing was changed: services
 * write in transactions).
 */
export function errorText(err: unknown, logger: Logger, context: Record<string, unknown>): string {
  if (err instanceof GuildError || err instanceof ScheduleError) return err.message;
  // While the database is away every request fails alike: the outage is logged once where it
  // is noticed (src/db/outage.ts), not once more with a stack for each person turned away.
  if (isUnreachable(err)) {
    logger.debug({ error: errorSummary(err), ...context }, 'action failed: the database is unreachable');
    return UNEXPECTED_ERROR_TEXT;
  }
  logger.error({ err, ...context }, 'action failed');
  return UNEXPECTED_ERROR_TEXT;
}

/** The acknowledgement that keeps a form open with errors beside its fields. */
export function formErrors(errors: Record<string, string>): { response_action: 'errors'; errors: Record<string, string> } {
  return { response_action: 'errors', errors };
}
