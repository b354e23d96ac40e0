import { GuildError } from '../../community/community.errors';

/** Outside ideas refused what was asked; the message says why and what to do instead. */
export class IdeasError extends GuildError {}
