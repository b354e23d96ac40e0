/**
 * What other rituals use of polls (outside ideas proposing a post as an option): the open polls of
 * a community that take new options, and adding one as a member would.
 */
export interface PollsPort {
  /** Open polls of the community that members may add options to, newest first (at most `limit`). */
  openForOptions(communityId: number, limit: number): Promise<{ id: number; question: string }[]>;
  /** Adds an option as `by` would from the poll (same rules: duplicates, limits, closed polls refused with a GuildError). */
  addOption(input: { pollId: number; text: string; by: string }): Promise<void>;
}
