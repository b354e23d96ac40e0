import type { KnownBlock } from '@slack/types';
import { NotOrganiserError } from '../../../../src/community/community.errors';
import { UNEXPECTED_ERROR_TEXT } from '../../../../src/community/community.views';
import type { CommunityStuck, StuckService } from '../../../../src/rituals/health/health.stuck';
import { onRemoveFeedClick, onRetryClick, type StuckListenerDeps } from '../../../../src/rituals/health/health.stuck.listeners';
import { feedValue, jobValue, STUCK_HOME_BLOCK, STUCK_REMOVE_FEED_ACTION, STUCK_RETRY_ACTION, stuckBlocks } from '../../../../src/rituals/health/health.stuck.views';
import { OUT_OF_DATE_TEXT } from '../../../../src/slack/kit/replies';
import { ADA, buttonArgs, CallLog, capturingLogger, onTheHome, TEAM, TRIGGER, testKit } from '../../../support/listener-fakes';

/**
 * The two buttons of the organiser's "Anything stuck", with hand-built Home clicks: ack first,
 * once; an old or forged value never reaches the service; what did not go as meant is told in a
 * dialog (by DM when the dialog cannot open); the section is refreshed after a change, in place.
 */
const NOTHING_STUCK: CommunityStuck = { id: 4, name: 'Design', deadJobs: [], deadJobsTotal: 0, feeds: [], rounds: [], undelivered: [], schedules: [] };
const PROFILE: KnownBlock = { type: 'section', block_id: 'profile', text: { type: 'mrkdwn', text: 'Your profile' } };
const OLD_SECTION: KnownBlock = { type: 'section', block_id: `${STUCK_HOME_BLOCK}.4.title`, text: { type: 'mrkdwn', text: 'old stuck lines' } };

function setup(log: CallLog, service: Record<string, jest.Mock> = {}) {
  const captured = capturingLogger();
  const { kit, messages } = testKit(log, captured.logger);
  const stuck = { retry: log.async('stuck.retry', 'revived'), removeFeed: log.async('stuck.removeFeed', true), forOrganiser: log.async('stuck.forOrganiser', [NOTHING_STUCK]), ...service };
  const deps: StuckListenerDeps = { stuck: stuck as unknown as StuckService, kit };
  return { deps, stuck, messages, captured };
}

interface Button {
  name: string;
  actionId: string;
  make: (deps: StuckListenerDeps) => (args: never) => Promise<void>;
  service: 'retry' | 'removeFeed';
  valid: string;
  decoded: unknown;
  malformed: (string | undefined)[];
}

const buttons: Button[] = [
  { name: 'onRetryClick', actionId: STUCK_RETRY_ACTION, make: onRetryClick, service: 'retry', valid: jobValue.encode({ jobId: 9007199254740993n }), decoded: 9007199254740993n, malformed: ['abc', '', '0', '-1', '1.5', '1:1', '12345678901234567890', undefined] },
  { name: 'onRemoveFeedClick', actionId: STUCK_REMOVE_FEED_ACTION, make: onRemoveFeedClick, service: 'removeFeed', valid: feedValue.encode({ feedId: 12 }), decoded: 12, malformed: ['abc', '', '0', '-1', '12:1', '2147483648', undefined] },
];

const homeClick = (log: CallLog, b: Button, value: string | undefined) => onTheHome(buttonArgs(log, value, b.actionId), [PROFILE, OLD_SECTION], 'h7');
const dialogText = (client: { views: { open: jest.Mock } }) => JSON.stringify((client.views.open.mock.calls[0]![0] as { view: { blocks: unknown } }).view.blocks);

describe.each(buttons)('$name', (b) => {
  it('acks, asks the service for the person who clicked, then republishes their Home with the section rebuilt in place', async () => {
    const log = new CallLog();
    const { deps, stuck } = setup(log);
    const { args, ack, client } = homeClick(log, b, b.valid);
    await b.make(deps)(args as never);
    expect(log.calls).toEqual(['ack', `stuck.${b.service}`, 'stuck.forOrganiser', 'views.publish']);
    expect(ack).toHaveBeenCalledWith();
    const actor = { teamId: TEAM, userId: ADA, userName: 'u0ada' };
    expect(stuck[b.service]).toHaveBeenCalledWith(actor, b.decoded);
    expect(stuck.forOrganiser).toHaveBeenCalledWith(actor);
    expect(client.views.publish).toHaveBeenCalledWith({ user_id: ADA, hash: 'h7', view: { type: 'home', blocks: [PROFILE, ...stuckBlocks([NOTHING_STUCK])] } });
  });

  it.each(b.malformed.map((v) => [v]))('answers the value %j as out of date in a dialog, without the service', async (value) => {
    const log = new CallLog();
    const { deps } = setup(log);
    const { args, client } = homeClick(log, b, value);
    await b.make(deps)(args as never);
    expect(log.calls).toEqual(['ack', 'views.open']);
    expect(client.views.open).toHaveBeenCalledWith(expect.objectContaining({ trigger_id: TRIGGER }));
    expect(dialogText(client)).toContain(OUT_OF_DATE_TEXT);
  });

  it('tells a refusal as it is, in a dialog, and leaves the Home as it was', async () => {
    const log = new CallLog();
    const { deps, captured } = setup(log, { [b.service]: log.rejects(`stuck.${b.service}`, new NotOrganiserError('retry its jobs')) });
    const { args, ack, client } = homeClick(log, b, b.valid);
    await b.make(deps)(args as never);
    expect(log.calls).toEqual(['ack', `stuck.${b.service}`, 'views.open']);
    expect(ack).toHaveBeenCalledTimes(1);
    expect(dialogText(client)).toContain("Only this community's organisers can retry its jobs.");
    expect(captured.lines.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('tells an unexpected failure by DM when the dialog cannot open any more, and logs it with the person', async () => {
    const log = new CallLog();
    const { deps, messages, captured } = setup(log, { [b.service]: log.rejects(`stuck.${b.service}`, new Error('statement timeout')) });
    const { args, client } = homeClick(log, b, b.valid);
    client.views.open = log.rejects('views.open', Object.assign(new Error('An API error occurred: expired_trigger_id'), { data: { ok: false, error: 'expired_trigger_id' } }));
    await b.make(deps)(args as never);
    expect(log.calls).toEqual(['ack', `stuck.${b.service}`, 'views.open', 'messages.send']);
    expect(messages.send).toHaveBeenCalledWith({ key: `health:stuck-answer:1.1:${ADA}`, to: { users: [ADA] }, text: UNEXPECTED_ERROR_TEXT });
    expect(captured.lines.filter((l) => l.level >= 50)).toEqual([expect.objectContaining({ userId: ADA, actionId: b.actionId, value: b.valid, err: expect.objectContaining({ message: 'statement timeout' }) })]);
  });

  it('does not tell a change that was made as failed when only the refresh failed: it logs that', async () => {
    const log = new CallLog();
    const { deps, messages, captured } = setup(log, { forOrganiser: log.rejects('stuck.forOrganiser', new Error('connection reset')) });
    const { args, client } = homeClick(log, b, b.valid);
    await b.make(deps)(args as never);
    expect(log.calls).toEqual(['ack', `stuck.${b.service}`, 'stuck.forOrganiser']);
    expect(client.views.open).not.toHaveBeenCalled();
    expect(messages.send).not.toHaveBeenCalled();
    expect(captured.lines).toEqual([expect.objectContaining({ level: 40, userId: ADA, msg: 'the App Home was not refreshed' })]);
  });

  it('keeps a newer Home (hash conflict) without telling anyone', async () => {
    const log = new CallLog();
    const { deps, captured } = setup(log);
    const { args, client } = homeClick(log, b, b.valid);
    client.views.publish = log.rejects('views.publish', Object.assign(new Error('An API error occurred: hash_conflict'), { data: { ok: false, error: 'hash_conflict' } }));
    await b.make(deps)(args as never);
    expect(log.calls).toEqual(['ack', `stuck.${b.service}`, 'stuck.forOrganiser', 'views.publish']);
    expect(captured.lines.map((l) => [l.level, l.msg])).toEqual([[30, 'the Home changed meanwhile; its newer version stays']]);
  });
});

describe('what an organiser hears when nothing changed', () => {
  it.each([
    ['too-late', 'That job is too late to be useful now, so it was not retried: the next one will run as planned.'],
    ['not-dead', 'That job is not stuck any more: it was retried already, or it is gone.'],
  ])('Retry on a job that is %s: told in a dialog, and the section refreshed', async (outcome, text) => {
    const log = new CallLog();
    const { deps } = setup(log, { retry: log.async('stuck.retry', outcome) });
    const { args, client } = homeClick(log, buttons[0]!, buttons[0]!.valid);
    await onRetryClick(deps)(args);
    expect(log.calls).toEqual(['ack', 'stuck.retry', 'views.open', 'stuck.forOrganiser', 'views.publish']);
    expect(dialogText(client)).toContain(text);
  });

  it('Remove feed on a feed removed already: told in a dialog, and the section refreshed', async () => {
    const log = new CallLog();
    const { deps } = setup(log, { removeFeed: log.async('stuck.removeFeed', false) });
    const { args, client } = homeClick(log, buttons[1]!, buttons[1]!.valid);
    await onRemoveFeedClick(deps)(args);
    expect(log.calls).toEqual(['ack', 'stuck.removeFeed', 'views.open', 'stuck.forOrganiser', 'views.publish']);
    expect(dialogText(client)).toContain('That feed is gone already.');
  });
});
