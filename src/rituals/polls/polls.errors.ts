import { GuildError } from '../../community/community.errors';

/** Polls refused what was asked; the message says why and what to do instead. */
export class PollsError extends GuildError {}
