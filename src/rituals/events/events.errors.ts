import { GuildError } from '../../community/community.errors';

/** Events refused what was asked; the message says why and what to do instead. */
export class EventsError extends GuildError {}
