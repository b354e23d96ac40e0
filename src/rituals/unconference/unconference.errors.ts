import { GuildError } from '../../community/community.errors';

/** An unconference refused what was asked; the message says why and what to do instead. */
export class UnconferenceError extends GuildError {}
