/**
 * What other rituals use of unconferences (outside ideas proposing a post as a session): the
 * community's unconferences taking proposals, and proposing a session as a member would.
 */
export interface UnconferencePort {
  /** Unconferences of the community in their proposals phase, newest first. */
  takingProposals(communityId: number): Promise<{ id: number; title: string }[]>;
  /** Proposes a session as `by` would (same rules; refused with a GuildError when proposals closed). */
  propose(input: { unconferenceId: number; title: string; description: string; level: 'everyone' | 'newcomers' | 'experienced'; by: string }): Promise<void>;
}
