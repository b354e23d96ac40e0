import type { ModalView, PlainTextOption } from '@slack/types';
import { clip, mrkdwnText } from '../../slack/kit/text';
import { IDEAS_INPUT, IDEAS_PROPOSE_CALLBACK, PROPOSE_FIELDS, targetValue } from './ideas.ids';
import { postTitle } from './ideas.messages';
import { NOTE_MAX, type ProposalChoices } from './ideas.proposals';

const option = (text: string, value: string): PlainTextOption => ({ text: { type: 'plain_text', text: clip(text, 75) }, value });

/** The menu of where a post can go: a talk idea always; open polls and unconferences when there are any. */
export function targetOptions(choices: Pick<ProposalChoices, 'polls' | 'unconferences'>): PlainTextOption[] {
  return [
    option('As a talk idea (the organisers see it)', targetValue.encode({ kind: 'talk' })),
    ...choices.polls.map((p) => option(`As an option of the poll: ${p.question}`, targetValue.encode({ kind: 'poll_option', pollId: p.id }))),
    ...choices.unconferences.map((u) => option(`As a session of: ${u.title}`, targetValue.encode({ kind: 'session', unconferenceId: u.id }))),
  ];
}

/** "Propose…" under a post of the digest: where to, and an optional note. */
export function proposeModal(choices: ProposalChoices, privateMetadata: string): ModalView {
  const options = targetOptions(choices);
  const source = mrkdwnText(choices.post.source, 80);
  return {
    type: 'modal',
    callback_id: IDEAS_PROPOSE_CALLBACK,
    private_metadata: privateMetadata,
    title: { type: 'plain_text', text: 'Propose this post' },
    submit: { type: 'plain_text', text: 'Propose' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${postTitle(choices.post, 300)}*\n_${source}_` } },
      { type: 'input', block_id: PROPOSE_FIELDS.as, label: { type: 'plain_text', text: 'Propose it' }, element: { type: 'static_select', action_id: IDEAS_INPUT, options, initial_option: options[0]! } },
      { type: 'input', block_id: PROPOSE_FIELDS.note, optional: true, label: { type: 'plain_text', text: 'A note (why, who could give it)' }, element: { type: 'plain_text_input', action_id: IDEAS_INPUT, multiline: true, max_length: NOTE_MAX } },
    ],
  };
}
