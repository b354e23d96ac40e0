import { GuildError } from '../../community/community.errors';

/** A pulse survey problem the person can act on; listeners show its message. */
export class PulseError extends GuildError {}
