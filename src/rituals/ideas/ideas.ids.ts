import { idField, valueCodec } from '../../slack/kit/codec';

/**
 * The ids Slack carries back to Guild for outside ideas: the digest's "Propose…" button, the
 * proposal form, and the codecs of their values.
 */
export const IDEAS_PROPOSE_ACTION = 'ideas_propose';
export const IDEAS_PROPOSE_CALLBACK = 'ideas_propose';
export const IDEAS_INPUT = 'ideas_input';
export const PROPOSE_FIELDS = { as: 'ideas_as', note: 'ideas_note' } as const;

export const postValue = valueCodec({ postId: idField }, ['postId']);

/** Where a post is proposed: a talk idea, an option of an open poll, or a session of an unconference. */
export type ProposalTarget = { kind: 'talk' } | { kind: 'poll_option'; pollId: number } | { kind: 'session'; unconferenceId: number };

/** A proposal target as an option value of the form's menu: `talk`, `poll:<id>`, `session:<id>`. */
export const targetValue = {
  encode(target: ProposalTarget): string {
    if (target.kind === 'talk') return 'talk';
    return target.kind === 'poll_option' ? `poll:${target.pollId}` : `session:${target.unconferenceId}`;
  },
  decode(text: string | undefined): ProposalTarget | undefined {
    if (text === 'talk') return { kind: 'talk' };
    const match = /^(poll|session):([1-9]\d{0,9})$/.exec(text ?? '');
    const id = match ? idField.safeParse(match[2]) : undefined;
    if (!match || !id?.success) return undefined;
    return match[1] === 'poll' ? { kind: 'poll_option', pollId: id.data } : { kind: 'session', unconferenceId: id.data };
  },
};

export const READ_JOB = 'ideas.read';
export const DIGEST_JOB = 'ideas.digest';

/** Delivery keys: one digest per occurrence; one failure notice per feed, streak and organiser. */
export const digestKey = (communityId: number, occurrence: string) => `ideas:digest:${communityId}:${occurrence}`;
export const failureKey = (feedId: number, since: Date, organiserId: string) => `ideas:feed:${feedId}:failing:${since.getTime()}:${organiserId}`;
export const proposalKey = (proposalId: number, organiserId: string) => `ideas:proposal:${proposalId}:${organiserId}`;
