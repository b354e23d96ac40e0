import { GuildError } from '../../community/community.errors';

/** Mentoring refused what was asked; the message says why and what to do instead. */
export class MentoringError extends GuildError {}
