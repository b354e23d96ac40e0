import { UNEXPECTED_ERROR_TEXT } from '../../../../src/community/community.views';
import { RetroError } from '../../../../src/rituals/retro/retro.errors';
import { actionValue, RETRO_HOME_DONE_ACTION } from '../../../../src/rituals/retro/retro.ids';
import { onHomeDoneClick } from '../../../../src/rituals/retro/retro.home.listeners';
import { earliestToday } from '../../../../src/rituals/retro/retro.rules';
import { OUT_OF_DATE_TEXT } from '../../../../src/slack/kit/replies';
import { ADA, ALAN, buttonArgs, CallLog, capturingLogger, onTheHome } from '../../../support/listener-fakes';
import { NOW, retroListenerDeps } from '../../../support/retro-listener-fakes';

/**
 * "Mark done" beside an action item on the App Home, called with a hand-built Home click (no
 * response URL): ack first, once; the service decides; the Home is re-rendered; anything that
 * did not go as meant is told by DM, and the Home re-rendered all the same.
 */
const homeClick = (log: CallLog, value: string | undefined, userId = ADA) => onTheHome(buttonArgs(log, value, RETRO_HOME_DONE_ACTION, userId));

describe('onHomeDoneClick', () => {
  it('acks, marks the item done for the person who clicked, then re-renders their Home', async () => {
    const log = new CallLog();
    const { deps, retros, kit } = retroListenerDeps(log);
    const { args, ack, client } = homeClick(log, actionValue.encode({ actionId: 5 }), ALAN);
    await onHomeDoneClick(deps)(args);
    expect(log.calls).toEqual(['ack', 'retros.reviewAction', 'publishHome']);
    expect(ack).toHaveBeenCalledWith();
    expect(retros.reviewAction).toHaveBeenCalledWith(5, ALAN, 'done', { today: earliestToday(NOW) });
    expect(kit.deps.publishHome).toHaveBeenCalledWith({ teamId: 'T0GUILD', userId: ALAN, userName: 'u0alan' }, client);
  });

  it.each([['abc'], [''], ['0'], ['-5'], ['5:5'], [undefined]])('tells the value %j as out of date by DM, without the service, and re-renders the Home', async (value) => {
    const log = new CallLog();
    const { deps, messages } = retroListenerDeps(log);
    const { args } = homeClick(log, value);
    await onHomeDoneClick(deps)(args);
    expect(log.calls).toEqual(['ack', 'messages.send', 'publishHome']);
    expect(messages.send).toHaveBeenCalledWith(expect.objectContaining({ to: { users: [ADA] }, text: `That action item was not marked done. ${OUT_OF_DATE_TEXT}` }));
  });

  it('tells a refusal as it is, by DM, and re-renders the Home (an item done elsewhere leaves it)', async () => {
    const log = new CallLog();
    const captured = capturingLogger();
    const refusal = log.rejects('retros.reviewAction', new RetroError('Only its owner or an organiser can review this action item.'));
    const { deps, messages } = retroListenerDeps(log, { logger: captured.logger, retros: { reviewAction: refusal } });
    const { args, ack } = homeClick(log, actionValue.encode({ actionId: 5 }));
    await onHomeDoneClick(deps)(args);
    expect(log.calls).toEqual(['ack', 'retros.reviewAction', 'messages.send', 'publishHome']);
    expect(ack).toHaveBeenCalledTimes(1);
    expect(messages.send).toHaveBeenCalledWith(expect.objectContaining({ key: `retro:home-done-failed:1.1:${ADA}`, text: 'That action item was not marked done. Only its owner or an organiser can review this action item.' }));
    expect(captured.lines.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('apologises for an unexpected failure, logs it with the item and the person, and still re-renders', async () => {
    const log = new CallLog();
    const captured = capturingLogger();
    const { deps, messages } = retroListenerDeps(log, { logger: captured.logger, retros: { reviewAction: log.rejects('retros.reviewAction', new Error('connection reset')) } });
    await onHomeDoneClick(deps)(homeClick(log, actionValue.encode({ actionId: 5 })).args);
    expect(log.calls).toEqual(['ack', 'retros.reviewAction', 'messages.send', 'publishHome']);
    expect(messages.send).toHaveBeenCalledWith(expect.objectContaining({ text: `That action item was not marked done. ${UNEXPECTED_ERROR_TEXT}` }));
    expect(captured.lines.filter((l) => l.level >= 50)).toEqual([expect.objectContaining({ actionId: 5, userId: ADA, err: expect.objectContaining({ message: 'connection reset' }) })]);
  });

  it('does not tell a done item as not done when only the Home could not be re-rendered: it logs that', async () => {
    const log = new CallLog();
    const captured = capturingLogger();
    const { deps } = retroListenerDeps(log, { logger: captured.logger });
    (deps.kit.deps as { publishHome?: unknown }).publishHome = log.rejects('publishHome', new Error('views.publish: internal_error'));
    await onHomeDoneClick(deps)(homeClick(log, actionValue.encode({ actionId: 5 })).args);
    expect(log.calls).toEqual(['ack', 'retros.reviewAction', 'publishHome']);
    expect(captured.lines.filter((l) => l.level >= 40)).toEqual([expect.objectContaining({ level: 40, userId: ADA, msg: 'the App Home was not refreshed' })]);
  });
});
