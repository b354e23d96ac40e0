import type { CommunityService } from '../../../../src/community/community.service';
import { UNEXPECTED_ERROR_TEXT } from '../../../../src/community/community.views';
import { EventsError } from '../../../../src/rituals/events/events.errors';
import type { EventFeedback } from '../../../../src/rituals/events/events.feedback';
import { EVENT_HOME_RSVP_ACTION, EVENT_RSVP_ACTION, rsvpValue } from '../../../../src/rituals/events/events.ids';
import { onHomeRsvp, onRsvpClick, type EventsListenerDeps } from '../../../../src/rituals/events/events.listeners';
import type { EventsService } from '../../../../src/rituals/events/events.service';
import { ephemeral, OUT_OF_DATE_TEXT } from '../../../../src/slack/kit/replies';
import { sealedMetadata } from '../../../../src/slack/kit/metadata';
import { z } from 'zod';
import { ADA, buttonArgs, CallLog, capturingLogger, onTheHome, overflowArgs, TEAM, testKit } from '../../../support/listener-fakes';

/**
 * The RSVP clicks, with hand-built Bolt arguments: ack first, once; an old or forged value never
 * reaches the service; a refusal is told to the person: under the message, or by DM from the
 * App Home, which has no response URL and is re-rendered after every answer.
 */
const SECRET = 'events-listener-secret';

function deps(log: CallLog, rsvp: jest.Mock = log.async('events.rsvp', { outcome: { kind: 'answered', status: 'going' } })) {
  const captured = capturingLogger();
  const { kit, messages } = testKit(log, captured.logger);
  const d: EventsListenerDeps = {
    events: { rsvp } as unknown as EventsService,
    feedback: {} as EventFeedback,
    community: {} as CommunityService,
    kit,
    now: () => new Date('2026-03-10T12:00:00Z'),
    forms: { channel: sealedMetadata(z.object({ channelId: z.string() }), SECRET), event: sealedMetadata(z.object({ eventId: z.number().int(), later: z.boolean() }), SECRET) },
  };
  return { deps: d, rsvp, messages, kit, captured };
}

const homeMenu = (log: CallLog, value: string) => onTheHome(overflowArgs(log, value, EVENT_HOME_RSVP_ACTION));
const malformed = ['abc', '', '7', '7:yes', '0:going', '-7:going', '7:going:1', 'going:7'];

describe('onHomeRsvp', () => {
  it.each([['going'], ['maybe'], ['not_going']] as const)('acks, saves %s for the person, then re-renders their Home', async (answer) => {
    const log = new CallLog();
    const { deps: d, rsvp, kit } = deps(log);
    const { args, ack, client } = homeMenu(log, rsvpValue.encode({ eventId: 7, answer }));
    await onHomeRsvp(d)(args);
    expect(log.calls).toEqual(['ack', 'events.rsvp', 'publishHome']);
    expect(ack).toHaveBeenCalledWith();
    expect(rsvp).toHaveBeenCalledWith(7, { teamId: TEAM, userId: ADA, userName: 'u0ada' }, answer);
    expect(kit.deps.publishHome).toHaveBeenCalledWith({ teamId: TEAM, userId: ADA, userName: 'u0ada' }, client);
  });

  it.each(malformed.map((v) => [v]))('tells the value %j as out of date by DM, without the service', async (value) => {
    const log = new CallLog();
    const { deps: d, messages } = deps(log);
    await onHomeRsvp(d)(homeMenu(log, value).args);
    expect(log.calls).toEqual(['ack', 'messages.send', 'publishHome']);
    expect(messages.send).toHaveBeenCalledWith(expect.objectContaining({ to: { users: [ADA] }, text: `Your answer was not saved. ${OUT_OF_DATE_TEXT}` }));
  });

  it('tells a refusal as it is by DM, then re-renders the Home (a cancelled event leaves it)', async () => {
    const log = new CallLog();
    const { deps: d, messages, captured } = deps(log, log.rejects('events.rsvp', new EventsError('This event was cancelled.')));
    const { args, ack } = homeMenu(log, rsvpValue.encode({ eventId: 7, answer: 'going' }));
    await onHomeRsvp(d)(args);
    expect(log.calls).toEqual(['ack', 'events.rsvp', 'messages.send', 'publishHome']);
    expect(ack).toHaveBeenCalledTimes(1);
    expect(messages.send).toHaveBeenCalledWith(expect.objectContaining({ key: `event:home-rsvp-failed:1.1:${ADA}`, text: 'Your answer was not saved. This event was cancelled.' }));
    expect(captured.lines.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('apologises for an unexpected failure and logs it with the event and the person', async () => {
    const log = new CallLog();
    const { deps: d, messages, captured } = deps(log, log.rejects('events.rsvp', new Error('connection reset')));
    await onHomeRsvp(d)(homeMenu(log, rsvpValue.encode({ eventId: 7, answer: 'maybe' })).args);
    expect(messages.send).toHaveBeenCalledWith(expect.objectContaining({ text: `Your answer was not saved. ${UNEXPECTED_ERROR_TEXT}` }));
    expect(captured.lines.filter((l) => l.level >= 50)).toEqual([expect.objectContaining({ eventId: 7, userId: ADA, err: expect.objectContaining({ message: 'connection reset' }) })]);
  });

  it('does not tell a saved answer as unsaved when only the Home could not be re-rendered', async () => {
    const log = new CallLog();
    const { deps: d, kit, captured } = deps(log);
    (kit.deps as { publishHome?: unknown }).publishHome = log.rejects('publishHome', new Error('views.publish: internal_error'));
    await onHomeRsvp(d)(homeMenu(log, rsvpValue.encode({ eventId: 7, answer: 'going' })).args);
    expect(log.calls).toEqual(['ack', 'events.rsvp', 'publishHome']);
    expect(captured.lines.map((l) => l.msg)).toEqual(['the App Home was not refreshed']);
  });
});

describe('onRsvpClick', () => {
  const click = (log: CallLog, value: string | undefined) => buttonArgs(log, value, `${EVENT_RSVP_ACTION}_going`);

  it('acks, saves the answer, and tells the person under the message', async () => {
    const log = new CallLog();
    const { deps: d } = deps(log);
    const { args, respond } = click(log, rsvpValue.encode({ eventId: 7, answer: 'going' }));
    await onRsvpClick(d)(args);
    expect(log.calls).toEqual(['ack', 'events.rsvp', 'respond']);
    expect(respond).toHaveBeenCalledWith(ephemeral("You're going. Reminders come before it starts, here in Slack."));
  });

  it.each([...malformed, undefined].map((v) => [v]))('answers %j as out of date without the service', async (value) => {
    const log = new CallLog();
    const { deps: d } = deps(log);
    const { args, respond } = click(log, value);
    await onRsvpClick(d)(args);
    expect(log.calls).toEqual(['ack', 'respond']);
    expect(respond).toHaveBeenCalledWith(ephemeral(OUT_OF_DATE_TEXT));
  });

  it('tells a refusal, and apologises for anything else', async () => {
    for (const [err, text] of [[new EventsError('This event is over.'), 'This event is over.'], [new Error('boom'), UNEXPECTED_ERROR_TEXT]] as const) {
      const log = new CallLog();
      const { deps: d } = deps(log, log.rejects('events.rsvp', err));
      const { args, respond } = click(log, rsvpValue.encode({ eventId: 7, answer: 'maybe' }));
      await onRsvpClick(d)(args);
      expect(log.calls).toEqual(['ack', 'events.rsvp', 'respond']);
      expect(respond).toHaveBeenCalledWith(ephemeral(text));
    }
  });
});
