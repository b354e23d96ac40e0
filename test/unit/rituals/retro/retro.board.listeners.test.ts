import { UNEXPECTED_ERROR_TEXT } from '../../../../src/community/community.views';
import { onAddActionClick, onAddItemClick, onDiscussInThread, onHandOverClick, onPhaseClick, onReviewAction, onVote } from '../../../../src/rituals/retro/retro.board.listeners';
import { RetroError } from '../../../../src/rituals/retro/retro.errors';
import { phaseValue, RETRO_ACTION_CALLBACK, RETRO_HANDOVER_CALLBACK, RETRO_ITEM_CALLBACK, retroValue, reviewValue, threadValue, voteValue } from '../../../../src/rituals/retro/retro.ids';
import type { RetroListenerDeps } from '../../../../src/rituals/retro/retro.listener-deps';
import { earliestToday } from '../../../../src/rituals/retro/retro.rules';
import { ephemeral, OUT_OF_DATE_TEXT } from '../../../../src/slack/kit/replies';
import { ADA, ALAN, buttonArgs, CallLog, capturingLogger, overflowArgs, TRIGGER } from '../../../support/listener-fakes';
import { NOW, retroListenerDeps, testBoard } from '../../../support/retro-listener-fakes';

/**
 * The board's clicks, called directly with hand-built Bolt arguments: each acks first, exactly
 * once, with nothing; an old or forged value is answered as out of date without the service;
 * a refusal after the ack is told through `respond`.
 */

type Kind = 'button' | 'overflow';
interface Click {
  name: string;
  kind: Kind;
  make(deps: RetroListenerDeps): (args: never) => Promise<void>;
  /** The first service method it calls. */
  service: string;
  valid: string;
  malformed: (string | undefined)[];
}

const wholeRetro = ['abc', 'add:1', 'add:x:2', '', '0', '-3', '1.5', '7:7', '2147483648', undefined];
const clicks: Click[] = [
  { name: 'onAddItemClick', kind: 'button', make: onAddItemClick, service: 'board', valid: retroValue.encode({ retroId: 7 }), malformed: wholeRetro },
  { name: 'onPhaseClick advance', kind: 'button', make: (d) => onPhaseClick(d, 'advance'), service: 'advance', valid: phaseValue.encode({ retroId: 7, from: 'collect' }), malformed: ['abc', '7', '7:done', '7:collect:1', 'x:collect', undefined] },
  { name: 'onPhaseClick close', kind: 'button', make: (d) => onPhaseClick(d, 'close'), service: 'close', valid: phaseValue.encode({ retroId: 7, from: 'vote' }), malformed: ['abc', '7', 'vote:7', undefined] },
  { name: 'onHandOverClick', kind: 'button', make: onHandOverClick, service: 'board', valid: retroValue.encode({ retroId: 7 }), malformed: wholeRetro },
  { name: 'onAddActionClick', kind: 'button', make: onAddActionClick, service: 'board', valid: retroValue.encode({ retroId: 7 }), malformed: wholeRetro },
  { name: 'onVote', kind: 'overflow', make: onVote, service: 'vote', valid: voteValue.encode({ direction: 'add', retroId: 7, itemId: 9 }), malformed: ['abc', 'add:1', 'add:x:2', 'up:7:9', 'add:7:0', 'add:7:9:1', ''] },
  { name: 'onDiscussInThread', kind: 'overflow', make: onDiscussInThread, service: 'openThread', valid: threadValue.encode({ retroId: 7, itemId: 9 }), malformed: ['abc', '7', '7:x', '0:9', '7:9:1', ''] },
  { name: 'onReviewAction', kind: 'overflow', make: onReviewAction, service: 'reviewAction', valid: reviewValue.encode({ decision: 'done', inRetroId: 7, actionId: 5 }), malformed: ['abc', 'done:7', 'finish:7:5', 'done:-1:5', 'done:7:0', 'done:7:5:1', ''] },
];

describe.each(clicks)('$name', (c) => {
  it.each(c.malformed.map((v) => [v]))('answers the value %j as out of date, after a bare ack, without the service', async (value) => {
    const log = new CallLog();
    const { deps } = retroListenerDeps(log);
    const { args, ack, respond } = c.kind === 'button' ? buttonArgs(log, value) : overflowArgs(log, value ?? '');
    await c.make(deps)(args as never);
    expect(log.calls).toEqual(['ack', 'respond']);
    expect(ack).toHaveBeenCalledWith();
    expect(respond).toHaveBeenCalledWith(ephemeral(OUT_OF_DATE_TEXT));
  });

  it('acks before the service is asked, once, even when the service refuses; the refusal is told as it is', async () => {
    const log = new CallLog();
    const captured = capturingLogger();
    const bolt = c.kind === 'button' ? buttonArgs(log, c.valid) : overflowArgs(log, c.valid);
    const failing = log.rejects(`retros.${c.service}`, new RetroError('This retro is closed.'));
    await c.make(retroDepsWith(log, captured, { [c.service]: failing }))(bolt.args as never);
    expect(log.calls.slice(0, 2)).toEqual(['ack', `retros.${c.service}`]);
    expect(bolt.ack).toHaveBeenCalledTimes(1);
    expect(bolt.ack).toHaveBeenCalledWith();
    expect(bolt.respond).toHaveBeenCalledTimes(1);
    expect(bolt.respond).toHaveBeenCalledWith(ephemeral('This retro is closed.'));
    expect(captured.lines.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('answers an unexpected failure with the apology and logs it with the person', async () => {
    const log = new CallLog();
    const captured = capturingLogger();
    const bolt = c.kind === 'button' ? buttonArgs(log, c.valid) : overflowArgs(log, c.valid);
    const failing = log.rejects(`retros.${c.service}`, new Error('connection reset'));
    await c.make(retroDepsWith(log, captured, { [c.service]: failing }))(bolt.args as never);
    expect(log.calls[0]).toBe('ack');
    expect(bolt.ack).toHaveBeenCalledTimes(1);
    expect(bolt.respond).toHaveBeenLastCalledWith(ephemeral(UNEXPECTED_ERROR_TEXT));
    const errors = captured.lines.filter((l) => l.level >= 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ userId: ADA, err: { message: 'connection reset' } });
  });
});

/** The deps of `click`, for a test that swaps in its own failing method. */
function retroDepsWith(log: CallLog, captured: ReturnType<typeof capturingLogger>, retros: Record<string, unknown>): RetroListenerDeps {
  return retroListenerDeps(log, { logger: captured.logger, retros }).deps;
}

describe('onAddItemClick', () => {
  const value = retroValue.encode({ retroId: 7 });

  it('opens the item form for the clicked retro after the ack, sealed to the person who clicked', async () => {
    const log = new CallLog();
    const { deps, retros } = retroListenerDeps(log);
    const { args, client } = buttonArgs(log, value, 'a', ALAN);
    await onAddItemClick(deps)(args);
    expect(log.calls).toEqual(['ack', 'retros.board', 'views.open']);
    expect(retros.board).toHaveBeenCalledWith(7);
    const opened = client.views.open.mock.calls[0]![0] as { trigger_id: string; view: { callback_id: string; private_metadata: string } };
    expect(opened.trigger_id).toBe(TRIGGER);
    expect(opened.view.callback_id).toBe(RETRO_ITEM_CALLBACK);
    expect(deps.forms.retro.read(opened.view.private_metadata, ALAN)).toEqual({ retroId: 7, channelId: 'C0RETRO' });
    expect(deps.forms.retro.read(opened.view.private_metadata, ADA)).toBeUndefined();
  });

  it('says items are added only while collecting, and opens no form', async () => {
    const log = new CallLog();
    const { deps } = retroListenerDeps(log, { retros: { board: log.async('retros.board', testBoard({ phase: 'vote' })) } });
    const { args, respond } = buttonArgs(log, value);
    await onAddItemClick(deps)(args);
    expect(log.calls).toEqual(['ack', 'retros.board', 'respond']);
    expect(respond).toHaveBeenCalledWith(ephemeral('Items can only be added while the retro is collecting them.'));
  });

  it('tells a deleted retro (the service refuses the board) instead of staying silent', async () => {
    const log = new CallLog();
    const { deps } = retroListenerDeps(log, { retros: { board: log.rejects('retros.board', new RetroError('That retro does not exist any more.')) } });
    const { args, respond } = buttonArgs(log, value);
    await onAddItemClick(deps)(args);
    expect(respond).toHaveBeenCalledWith(ephemeral('That retro does not exist any more.'));
  });
});

describe('onPhaseClick', () => {
  it.each(['advance', 'close'] as const)('%s: moves the retro on from the phase the board showed, for the person who clicked, after the ack', async (move) => {
    const log = new CallLog();
    const { deps, retros } = retroListenerDeps(log);
    const { args, respond } = buttonArgs(log, phaseValue.encode({ retroId: 7, from: 'reveal' }), 'a', ALAN);
    await onPhaseClick(deps, move)(args);
    expect(log.calls).toEqual(['ack', `retros.${move}`]);
    expect(retros[move]).toHaveBeenCalledWith(7, ALAN, 'reveal');
    expect(retros[move === 'advance' ? 'close' : 'advance']).not.toHaveBeenCalled();
    expect(respond).not.toHaveBeenCalled();
  });
});

describe('onHandOverClick', () => {
  const value = retroValue.encode({ retroId: 7 });

  it('opens the hand-over form for the facilitator (or an organiser), after the ack', async () => {
    const log = new CallLog();
    const { deps, retros } = retroListenerDeps(log);
    const { args, client } = buttonArgs(log, value, 'a', ALAN);
    await onHandOverClick(deps)(args);
    expect(log.calls).toEqual(['ack', 'retros.board', 'retros.mayFacilitate', 'views.open']);
    expect(retros.lifecycle.mayFacilitate).toHaveBeenCalledWith(expect.objectContaining({ id: 7, facilitatorId: ADA }), ALAN);
    const opened = client.views.open.mock.calls[0]![0] as { trigger_id: string; view: { callback_id: string; private_metadata: string } };
    expect(opened).toMatchObject({ trigger_id: TRIGGER, view: { callback_id: RETRO_HANDOVER_CALLBACK } });
    expect(deps.forms.retro.read(opened.view.private_metadata, ALAN)).toEqual({ retroId: 7, channelId: 'C0RETRO' });
  });

  it('refuses anyone else, naming the facilitator, and opens no form', async () => {
    const log = new CallLog();
    const { deps } = retroListenerDeps(log, { retros: { lifecycle: { mayFacilitate: log.async('retros.mayFacilitate', false) } } });
    const { args, respond, client } = buttonArgs(log, value, 'a', ALAN);
    await onHandOverClick(deps)(args);
    expect(client.views.open).not.toHaveBeenCalled();
    expect(respond).toHaveBeenCalledWith(ephemeral(`Only the facilitator, <@${ADA}>, or an organiser can hand the retro over.`));
  });
});

describe('onAddActionClick', () => {
  it('opens the action item form for the clicked retro after the ack', async () => {
    const log = new CallLog();
    const { deps, retros } = retroListenerDeps(log);
    const { args, client } = buttonArgs(log, retroValue.encode({ retroId: 7 }));
    await onAddActionClick(deps)(args);
    expect(log.calls).toEqual(['ack', 'retros.board', 'views.open']);
    expect(retros.board).toHaveBeenCalledWith(7);
    const opened = client.views.open.mock.calls[0]![0] as { trigger_id: string; view: { callback_id: string; private_metadata: string } };
    expect(opened).toMatchObject({ trigger_id: TRIGGER, view: { callback_id: RETRO_ACTION_CALLBACK } });
    expect(deps.forms.retro.read(opened.view.private_metadata, ADA)).toEqual({ retroId: 7, channelId: 'C0RETRO' });
  });
});

describe('onVote', () => {
  it.each([
    ['add', 2, 'Counted. You have 2 votes left.'],
    ['remove', 1, 'Counted. You have 1 vote left.'],
  ] as const)('%s: counts the vote after the ack and says how many are left', async (direction, votesLeft, text) => {
    const log = new CallLog();
    const { deps, retros } = retroListenerDeps(log, { retros: { vote: log.async('retros.vote', { votesLeft }) } });
    const { args, respond } = overflowArgs(log, voteValue.encode({ direction, retroId: 7, itemId: 9 }), 'a', ALAN);
    await onVote(deps)(args);
    expect(log.calls).toEqual(['ack', 'retros.vote', 'respond']);
    expect(retros.vote).toHaveBeenCalledWith(7, ALAN, 9, direction);
    expect(respond).toHaveBeenCalledWith(ephemeral(text));
  });
});

describe('onDiscussInThread', () => {
  const value = threadValue.encode({ retroId: 7, itemId: 9 });

  it('opens the thread after the ack', async () => {
    const log = new CallLog();
    const { deps, retros } = retroListenerDeps(log);
    const { args, respond } = overflowArgs(log, value);
    await onDiscussInThread(deps)(args);
    expect(log.calls).toEqual(['ack', 'retros.openThread', 'respond']);
    expect(retros.openThread).toHaveBeenCalledWith(7, 9);
    expect(respond).toHaveBeenCalledWith(ephemeral('The thread is open below the board: reply there, and the replies become notes.'));
  });

  it('links to a thread that is already there', async () => {
    const log = new CallLog();
    const { deps } = retroListenerDeps(log, { retros: { openThread: log.async('retros.openThread', { opened: false, at: { channelId: 'C0RETRO', ts: '1700000000.000100' } }) } });
    const { args, respond, client } = overflowArgs(log, value);
    await onDiscussInThread(deps)(args);
    expect(client.chat.getPermalink).toHaveBeenCalledWith({ channel: 'C0RETRO', message_ts: '1700000000.000100' });
    expect(respond).toHaveBeenCalledWith(ephemeral('This item has its thread already: <https://guild.slack.com/archives/C1/p1|open the thread>.'));
  });

  it('says a thread still being posted is on its way, without asking Slack for a link', async () => {
    const log = new CallLog();
    const { deps } = retroListenerDeps(log, { retros: { openThread: log.async('retros.openThread', { opened: false }) } });
    const { args, respond, client } = overflowArgs(log, value);
    await onDiscussInThread(deps)(args);
    expect(client.chat.getPermalink).not.toHaveBeenCalled();
    expect(respond).toHaveBeenCalledWith(ephemeral('This item has its thread already; it is being posted in the channel now.'));
  });
});

describe('onReviewAction', () => {
  it('reviews the action item in the retro it was clicked in, after the ack, with the earliest date on Earth as today', async () => {
    const log = new CallLog();
    const { deps, retros } = retroListenerDeps(log);
    const { args, respond } = overflowArgs(log, reviewValue.encode({ decision: 'done', inRetroId: 7, actionId: 5 }), 'a', ALAN);
    await onReviewAction(deps)(args);
    expect(log.calls).toEqual(['ack', 'retros.reviewAction', 'respond']);
    expect(retros.reviewAction).toHaveBeenCalledWith(5, ALAN, 'done', { inRetroId: 7, today: earliestToday(NOW) });
    expect(respond).toHaveBeenCalledWith(ephemeral('"Write the runbook" is done.'));
  });

  it('from `/retro actions` (retro 0) names no retro, and says a carried item is carried over', async () => {
    const log = new CallLog();
    const { deps, retros } = retroListenerDeps(log, { retros: { reviewAction: log.async('retros.reviewAction', { id: 5, text: 'x'.repeat(300), ownerId: ADA, status: 'carried' }) } });
    const { args, respond } = overflowArgs(log, reviewValue.encode({ decision: 'carry', inRetroId: 0, actionId: 5 }));
    await onReviewAction(deps)(args);
    expect(retros.reviewAction).toHaveBeenCalledWith(5, ADA, 'carry', { today: earliestToday(NOW) });
    expect(respond).toHaveBeenCalledWith(ephemeral(`"${'x'.repeat(199)}…" is carried over into this retro.`));
  });
});
