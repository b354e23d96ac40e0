import { IdeasError } from '../../../../src/rituals/ideas/ideas.errors';
import { IDEAS_INPUT, PROPOSE_FIELDS } from '../../../../src/rituals/ideas/ideas.ids';
import { onProposeClick, onProposeForm, type IdeasListenerDeps } from '../../../../src/rituals/ideas/ideas.listeners';
import type { IdeasProposals } from '../../../../src/rituals/ideas/ideas.proposals';
import { sealedMetadata } from '../../../../src/slack/kit/metadata';
import { z } from 'zod';
import { ADA, ALAN, buttonArgs, CallLog, input, submissionArgs, testKit } from '../../../support/listener-fakes';

const post = { id: 5, title: 'Forms', url: 'https://example.org/forms', summary: '', publishedAt: null, firstSeenAt: new Date('2026-12-06T06:00:00Z'), source: 'Example' };

function setup(log: CallLog, proposals: Partial<Record<keyof IdeasProposals, jest.Mock>>) {
  const { kit, messages } = testKit(log);
  const form = sealedMetadata(z.object({ postId: z.number().int() }).strict(), 'listener-test-secret-0123456789abcdef');
  const deps: IdeasListenerDeps = { proposals: proposals as unknown as IdeasProposals, kit, form };
  return { deps, messages, form };
}

describe('outside ideas listeners', () => {
  it('"Propose…": ack first, then the form with what is open', async () => {
    const log = new CallLog();
    const { deps } = setup(log, { choices: log.async('proposals.choices', { post, polls: [{ id: 2, question: 'Next?' }], unconferences: [] }) });
    const { args, client } = buttonArgs(log, '5', 'ideas_propose');
    await onProposeClick(deps)(args);
    expect(log.calls).toEqual(['ack', 'proposals.choices', 'views.open']);
    expect(JSON.stringify(client.views.open.mock.calls[0])).toContain('poll:2');
  });

  it('"Propose…" on an old or forged button, or a refusal: an answer under the message, no form', async () => {
    const log = new CallLog();
    const { deps } = setup(log, { choices: log.rejects('proposals.choices', new IdeasError('That post is no longer followed here.')) });
    const old = buttonArgs(log, 'x', 'ideas_propose');
    await onProposeClick(deps)(old.args);
    expect(old.respond).toHaveBeenCalledWith(expect.objectContaining({ text: expect.stringMatching(/out of date/) }));
    const refused = buttonArgs(log, '5', 'ideas_propose');
    await onProposeClick(deps)(refused.args);
    expect(refused.respond).toHaveBeenCalledWith(expect.objectContaining({ text: 'That post is no longer followed here.' }));
    expect(refused.client.views.open).not.toHaveBeenCalled();
  });

  it('the form: proposed before the ack, then the proposer told by DM', async () => {
    const log = new CallLog();
    const { deps, messages, form } = setup(log, { propose: log.async('proposals.propose', { post, target: { kind: 'talk' }, where: 'a talk idea' }) });
    const { args, ack } = submissionArgs(log, { metadata: form.write({ postId: 5 }, ADA), values: { [PROPOSE_FIELDS.as]: input.select('talk', IDEAS_INPUT), [PROPOSE_FIELDS.note]: input.text('why', IDEAS_INPUT) } });
    await onProposeForm(deps)(args);
    expect(log.calls).toEqual(['proposals.propose', 'ack', 'messages.send']);
    expect(ack).toHaveBeenCalledWith();
    expect((deps.proposals.propose as jest.Mock).mock.calls[0]).toEqual([5, expect.objectContaining({ userId: ADA }), { kind: 'talk' }, 'why']);
    expect(messages.send).toHaveBeenCalledWith(expect.objectContaining({ to: { users: [ADA] }, text: 'You proposed <https://example.org/forms|Forms> as a talk idea.' }));
  });

  it('the form: a refusal, a bad choice, or another person\'s form stays open with the reason beside the menu', async () => {
    const log = new CallLog();
    const { deps, form } = setup(log, { propose: log.rejects('proposals.propose', new IdeasError('That poll is closed.')) });
    const values = { [PROPOSE_FIELDS.as]: input.select('poll:3', IDEAS_INPUT) };
    const refused = submissionArgs(log, { metadata: form.write({ postId: 5 }, ADA), values });
    await onProposeForm(deps)(refused.args);
    expect(refused.ack).toHaveBeenCalledWith({ response_action: 'errors', errors: { [PROPOSE_FIELDS.as]: 'That poll is closed.' } });
    const bad = submissionArgs(log, { metadata: form.write({ postId: 5 }, ADA), values: { [PROPOSE_FIELDS.as]: input.select('poll:x', IDEAS_INPUT) } });
    await onProposeForm(deps)(bad.args);
    expect(bad.ack).toHaveBeenCalledWith({ response_action: 'errors', errors: { [PROPOSE_FIELDS.as]: 'Choose where to propose it.' } });
    const stolen = submissionArgs(log, { metadata: form.write({ postId: 5 }, ADA), values, userId: ALAN });
    await onProposeForm(deps)(stolen.args);
    expect(stolen.ack).toHaveBeenCalledWith({ response_action: 'errors', errors: { [PROPOSE_FIELDS.as]: expect.stringMatching(/out of date/) } });
    expect(log.calls.filter((c) => c === 'proposals.propose')).toHaveLength(1);
  });
});
