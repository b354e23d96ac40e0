import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { GuildNotInChannelError, NotOrganiserError } from '../../../../src/community/community.errors';
import { UNEXPECTED_ERROR_TEXT } from '../../../../src/community/community.views';
import { RetroError } from '../../../../src/rituals/retro/retro.errors';
import { onActionItemForm, onHandOverForm, onItemForm, onScheduleForm, onStartForm } from '../../../../src/rituals/retro/retro.forms.listeners';
import { RETRO_FIELDS as F } from '../../../../src/rituals/retro/retro.ids';
import type { RetroListenerDeps } from '../../../../src/rituals/retro/retro.listener-deps';
import { earliestToday } from '../../../../src/rituals/retro/retro.rules';
import { actionItemModal, addItemModal, handOverModal, scheduleModal, startModal } from '../../../../src/rituals/retro/retro.views';
import { sealedMetadata } from '../../../../src/slack/kit/metadata';
import { STALE_FORM_TEXT } from '../../../../src/slack/kit/replies';
import { ADA, ALAN, CallLog, capturingLogger, input, inputBlockIds, submissionArgs, TEAM } from '../../../support/listener-fakes';
import { NOW, retroListenerDeps, TEST_FORM_SECRET, testBoard, testForms, testSchedule } from '../../../support/retro-listener-fakes';

/**
 * The retro's forms, called directly: a stale, forged or someone else's form and every failed
 * pure check are answered in the ack, beside the right field, without the service; a valid
 * form is acked (closing it) before the service is called; a failure after that ack is told by
 * DM, never by a second ack (which Bolt's HTTP receiver refuses with ReceiverMultipleAckError).
 */

type Values = Record<string, Record<string, unknown>>;
type Context = 'channel' | 'retro';

interface Form {
  name: string;
  make(deps: RetroListenerDeps): (args: never) => Promise<void>;
  context: Context;
  /** The block id a stale form's error is shown beside. */
  staleField: string;
  /** The form as Guild opens it: errors may only name its input blocks. */
  modal: ModalView;
  valid: Values;
  /** The calls after the ack on the valid form, and the call that fails in the failure tests. */
  afterAck: string[];
  failing: string;
  /** The key and the start of the DM sent when the write fails after the ack. */
  failKey: string;
  failText: RegExp;
}

const CHANNEL = 'C0RETRO';
const contextValue = (context: Context) => (context === 'channel' ? { channelId: CHANNEL } : { retroId: 7, channelId: CHANNEL });

const itemValues = (text: string | null): Values => ({ [F.column]: input.select('happy'), [F.text]: input.text(text) });
const actionValues = (text: string | null, owner: string | null, due: string | null = null): Values => ({ [F.text]: input.text(text), [F.owner]: input.user(owner), [F.due]: input.date(due) });
const handOverValues = (to: string | null): Values => ({ [F.facilitator]: input.user(to) });
const startValues = (overrides: Values = {}): Values => ({
  [F.title]: input.text('Sprint 13'),
  [F.format]: input.select('tanzu'),
  [F.columns]: input.text(null),
  [F.anonymity]: input.select('anonymous_items'),
  [F.budget]: input.text('3'),
  [F.cap]: input.text(null),
  [F.threshold]: input.text(null),
  [F.collectUntil]: input.dateTime(null),
  [F.voteUntil]: input.dateTime(null),
  ...overrides,
});
const scheduleValues = (overrides: Values = {}): Values => ({
  [F.title]: input.text('Community retro'),
  [F.every]: input.select('4'),
  [F.weekday]: input.select('th'),
  [F.time]: input.time('15:00'),
  [F.timeZone]: input.text(' Europe/Berlin '),
  [F.format]: input.select('tanzu'),
  [F.columns]: input.text(null),
  [F.anonymity]: input.select('named'),
  [F.budget]: input.text('3'),
  ...overrides,
});

const forms: Form[] = [
  { name: 'onStartForm', make: onStartForm, context: 'channel', staleField: F.title, modal: startModal(CHANNEL), valid: startValues(), afterAck: ['prepareChannel', 'retros.start'], failing: 'retros.start', failKey: 'retro:start-failed:V0FORM', failText: /^Your retro \*Sprint 13\* did not start\. / },
  { name: 'onItemForm', make: onItemForm, context: 'retro', staleField: F.text, modal: addItemModal(testBoard()), valid: itemValues('Ship smaller PRs'), afterAck: ['retros.addItem'], failing: 'retros.addItem', failKey: 'retro:item-failed:V0FORM', failText: /^Your item was not added\. / },
  { name: 'onActionItemForm', make: onActionItemForm, context: 'retro', staleField: F.text, modal: actionItemModal(7), valid: actionValues('Write the runbook', ALAN), afterAck: ['retros.addAction'], failing: 'retros.addAction', failKey: 'retro:action-failed:V0FORM', failText: /^Your action item was not added\. / },
  { name: 'onHandOverForm', make: onHandOverForm, context: 'retro', staleField: F.facilitator, modal: handOverModal(7, ADA), valid: handOverValues(ALAN), afterAck: ['retros.handOver'], failing: 'retros.handOver', failKey: 'retro:handover-failed:V0FORM', failText: /^The retro was not handed over\. / },
  { name: 'onScheduleForm', make: onScheduleForm, context: 'channel', staleField: F.title, modal: scheduleModal(CHANNEL, 'Europe/Berlin'), valid: scheduleValues(), afterAck: ['scheduleRetros', 'messages.send'], failing: 'scheduleRetros', failKey: 'retro:schedule-failed:V0FORM', failText: /^Your retros were not scheduled\. / },
];

/** Sealed form contexts that must read as out of date, for the person submitting (Ada). */
const staleContexts: [string, (forms: RetroListenerDeps['forms'], context: Context) => string | undefined][] = [
  ['no metadata', () => undefined],
  ['empty metadata', () => ''],
  ['metadata that is not JSON', () => 'not json {'],
  ['an unsealed context (a form from before sealing)', (_, context) => JSON.stringify(contextValue(context))],
  ['a context sealed for another person', (f, context) => write(f, context, ALAN)],
  ['a context whose value was changed', (f, context) => retamper(write(f, context, ADA), (outer) => ({ ...outer, v: { ...(outer.v as object), channelId: 'C0OTHER' } }))],
  ['a context whose seal was changed', (f, context) => retamper(write(f, context, ADA), (outer) => ({ ...outer, s: flip(outer.s as string) }))],
  ['a context sealed with another secret', (_, context) => write(testForms('another-secret-0123456789abcdef'), context, ADA)],
  // An item form given a start form's context (sealed, for the right person, but no retro in it).
  ['a sealed context of the wrong shape', (f, context) => (context === 'retro' ? f.channel.write({ channelId: CHANNEL }, ADA) : anyShape.write({ retroId: 7 }, ADA))],
];

/** Seals whatever it is given with the test secret: a correctly sealed context of the wrong shape. */
const anyShape = sealedMetadata(z.record(z.string(), z.unknown()), TEST_FORM_SECRET);

function write(f: RetroListenerDeps['forms'], context: Context, userId: string): string {
  return context === 'channel' ? f.channel.write({ channelId: CHANNEL }, userId) : f.retro.write({ retroId: 7, channelId: CHANNEL }, userId);
}
function retamper(sealed: string, change: (outer: Record<string, unknown>) => Record<string, unknown>): string {
  return JSON.stringify(change(JSON.parse(sealed) as Record<string, unknown>));
}
function flip(seal: string): string {
  return `${seal[0] === 'A' ? 'B' : 'A'}${seal.slice(1)}`;
}

interface SubmitOptions {
  metadata?: (f: RetroListenerDeps['forms']) => string | undefined;
  userId?: string;
  /** Replacements for service methods or deps, built on the test's call log. */
  retros?: (log: CallLog) => Record<string, unknown>;
  deps?: (log: CallLog) => Partial<RetroListenerDeps>;
}

function submit(form: Form, values: Values, options: SubmitOptions = {}) {
  const log = new CallLog();
  const captured = capturingLogger();
  const { deps, retros, messages } = retroListenerDeps(log, { logger: captured.logger, ...(options.retros ? { retros: options.retros(log) } : {}), ...(options.deps ? { deps: options.deps(log) } : {}) });
  const metadata = options.metadata ? options.metadata(deps.forms) : write(deps.forms, form.context, options.userId ?? ADA);
  const { args, ack } = submissionArgs(log, { metadata, values, ...(options.userId ? { userId: options.userId } : {}) });
  return { log, captured, deps, retros, messages, ack, run: () => form.make(deps)(args as never) };
}

/** The valid form, with the form's failing call (a service method or a dep) recording itself, then throwing `err`. */
function submitFailing(form: Form, err: Error) {
  const failing = (log: CallLog) => ({ [form.failing.replace(/^retros\./, '')]: log.rejects(form.failing, err) });
  return submit(form, form.valid, form.failing.startsWith('retros.') ? { retros: failing } : { deps: failing });
}

describe.each(forms)('$name', (form) => {
  it.each(staleContexts)('refuses %s in the ack, beside its first field, without the service', async (_, metadata) => {
    const { log, ack, run, messages } = submit(form, form.valid, { metadata: (f) => metadata(f, form.context) });
    await run();
    expect(log.calls).toEqual(['ack']);
    expect(ack).toHaveBeenCalledWith({ response_action: 'errors', errors: { [form.staleField]: STALE_FORM_TEXT } });
    expect(messages.send).not.toHaveBeenCalled();
  });

  it('shows a stale form\'s error beside an input the form has', () => {
    expect(inputBlockIds(form.modal)).toContain(form.staleField);
  });

  it('acks a valid form with nothing (closing it), and only then writes', async () => {
    const { log, ack, run } = submit(form, form.valid);
    await run();
    expect(log.calls).toEqual(['ack', ...form.afterAck]);
    expect(ack).toHaveBeenCalledTimes(1);
    expect(ack).toHaveBeenCalledWith();
  });

  it('tells a refusal after the ack by DM, once, and never acks again', async () => {
    const { log, ack, run, messages, captured } = submitFailing(form, new RetroError('This retro is closed.'));
    await run();
    expect(log.calls).toEqual(['ack', ...form.afterAck.slice(0, form.afterAck.indexOf(form.failing) + 1), 'messages.send']);
    expect(ack).toHaveBeenCalledTimes(1);
    expect(ack).toHaveBeenCalledWith();
    expect(messages.send).toHaveBeenCalledWith({ key: form.failKey, to: { users: [ADA] }, text: expect.stringMatching(form.failText) });
    expect(messages.send.mock.calls[0]![0]).toMatchObject({ text: expect.stringContaining('This retro is closed.') });
    expect(captured.lines.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('tells an unexpected failure after the ack by DM with the apology, and logs it', async () => {
    const { ack, run, messages, captured } = submitFailing(form, new Error('connection reset'));
    await run();
    expect(ack).toHaveBeenCalledTimes(1);
    expect(messages.send).toHaveBeenCalledWith({ key: form.failKey, to: { users: [ADA] }, text: expect.stringContaining(UNEXPECTED_ERROR_TEXT) });
    const errors = captured.lines.filter((l) => l.level >= 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ userId: ADA, err: { message: 'connection reset' } });
  });
});

/** Runs a pure-check failure: the ack carries the errors, nothing else happens, and every error names an input of the form. */
async function expectFieldErrors(form: Form, values: Values, errors: Record<string, string | RegExp>) {
  const { log, ack, run } = submit(form, values);
  await run();
  expect(log.calls).toEqual(['ack']);
  const expected = Object.fromEntries(Object.entries(errors).map(([field, problem]) => [field, typeof problem === 'string' ? problem : expect.stringMatching(problem)]));
  expect(ack).toHaveBeenCalledWith({ response_action: 'errors', errors: expected });
  for (const field of Object.keys(errors)) expect(inputBlockIds(form.modal)).toContain(field);
}

const [startForm, itemForm, actionForm, handOverForm, scheduleForm] = forms as [Form, Form, Form, Form, Form];

describe('onStartForm', () => {
  const at = (hours: number) => input.dateTime(new Date(NOW.getTime() + hours * 3_600_000));

  it.each([
    ['an empty title', { [F.title]: input.text('   ') }, { [F.title]: 'Give the retro a title of 1 to 150 characters.' }],
    ['a title of 151 characters', { [F.title]: input.text('x'.repeat(151)) }, { [F.title]: 'Give the retro a title of 1 to 150 characters.' }],
    ['a past deadline for collecting', { [F.collectUntil]: at(-1) }, { [F.collectUntil]: 'Collecting has to end in the future.' }],
    ['a past deadline for voting', { [F.voteUntil]: at(-1) }, { [F.voteUntil]: 'Voting has to end in the future.' }],
    ['voting that ends before collecting', { [F.collectUntil]: at(5), [F.voteUntil]: at(2) }, { [F.voteUntil]: 'Voting has to end after collecting does.' }],
    ['a deadline 61 days away', { [F.collectUntil]: at(61 * 24) }, { [F.collectUntil]: 'Deadlines can be at most 60 days away.' }],
    ['a reveal threshold of 0', { [F.threshold]: input.text('0') }, { [F.threshold]: /reveal threshold/ }],
    ['no votes per person', { [F.budget]: input.text('0') }, { [F.budget]: /./ }],
    ['custom columns without columns', { [F.format]: input.select('custom') }, { [F.columns]: /./ }],
    ['an empty title and a past deadline at once', { [F.title]: input.text(''), [F.collectUntil]: at(-1) }, { [F.title]: /title/, [F.collectUntil]: 'Collecting has to end in the future.' }],
  ])('refuses %s beside its field', async (_, overrides, errors) => {
    await expectFieldErrors(startForm, startValues(overrides), errors);
  });

  it('prepares the channel, then starts the retro with what was typed, trimmed, for the person in their workspace', async () => {
    const collectUntil = new Date(Math.floor(NOW.getTime() / 1000 + 3_600) * 1000);
    const { deps, retros, run } = submit(startForm, startValues({ [F.title]: input.text('  Sprint 13 '), [F.cap]: input.text('2'), [F.collectUntil]: input.dateTime(collectUntil) }));
    await run();
    expect(deps.prepareChannel).toHaveBeenCalledWith({ teamId: TEAM, channelId: CHANNEL });
    expect(retros.start).toHaveBeenCalledWith({ teamId: TEAM, channelId: CHANNEL, title: 'Sprint 13', formatId: 'tanzu', voteBudget: 3, perItemCap: 2, collectUntil, anonymity: 'anonymous_items', startedBy: ADA });
  });

  it('does not start the retro when Guild cannot be in the channel, and says so by DM with the advice', async () => {
    const { log, ack, run, messages } = submit(startForm, startValues(), { deps: (l) => ({ prepareChannel: l.rejects('prepareChannel', new GuildNotInChannelError()) }) });
    await run();
    expect(log.calls).toEqual(['ack', 'prepareChannel', 'messages.send']);
    expect(ack).toHaveBeenCalledTimes(1);
    expect(messages.send).toHaveBeenCalledWith(expect.objectContaining({ text: expect.stringContaining('Invite it with `/invite @Guild`') }));
  });

  it('keeps markup out of the title it repeats in the DM', async () => {
    const { run, messages } = submit(startForm, startValues({ [F.title]: input.text('<!channel> & co') }), { retros: (l) => ({ start: l.rejects('retros.start', new RetroError('No.')) }) });
    await run();
    expect(messages.send.mock.calls[0]![0]).toMatchObject({ text: 'Your retro *&lt;!channel&gt; &amp; co* did not start. No.' }); // shown as typed, never live
  });
});

describe('onItemForm', () => {
  it.each([
    ['no text', null, 'An item needs some text.'],
    ['only spaces', '  \n ', 'An item needs some text.'],
    ['3,001 characters', 'x'.repeat(3001), 'Items can be at most 3,000 characters; this one has 3,001.'],
  ])('refuses %s beside the text', async (_, text, problem) => {
    await expectFieldErrors(itemForm, itemValues(text), { [F.text]: problem });
  });

  it('takes 3,000 characters, counted as characters rather than UTF-16 units', async () => {
    const { retros, run } = submit(itemForm, itemValues('🙂'.repeat(3000)));
    await run();
    expect(retros.addItem).toHaveBeenCalledWith(7, ADA, 'happy', '🙂'.repeat(3000));
  });

  it('adds the item to the retro of the sealed context, in the chosen column, for the person who submitted', async () => {
    const { retros, run } = submit(itemForm, itemValues('Ship smaller PRs'), { userId: ALAN });
    await run();
    expect(retros.addItem).toHaveBeenCalledWith(7, ALAN, 'happy', 'Ship smaller PRs');
  });

  it('gives back what the person wrote, quoted and escaped, when the item could not be added', async () => {
    const { run, messages } = submit(itemForm, itemValues('Fewer <!here> pings\n& more focus'), { retros: (l) => ({ addItem: l.rejects('retros.addItem', new RetroError('Items can only be added while the retro is collecting them.')) }) });
    await run();
    expect(messages.send.mock.calls[0]![0]).toMatchObject({
      text: 'Your item was not added. Items can only be added while the retro is collecting them. What you wrote:\n>Fewer &lt;!here&gt; pings\n>&amp; more focus',
    });
  });
});

describe('onActionItemForm', () => {
  const today = earliestToday(NOW);

  it.each([
    ['no text', actionValues(null, ALAN), { [F.text]: 'Say what is to be done.' }],
    ['501 characters', actionValues('x'.repeat(501), ALAN), { [F.text]: 'Action items can be at most 500 characters; this one has 501.' }],
    ['no owner', actionValues('Write the runbook', null), { [F.owner]: 'Choose who owns it.' }],
    ['a bot as owner', actionValues('Write the runbook', 'B0BOT'), { [F.owner]: 'Choose who owns it.' }],
    ['a due date in the past', actionValues('Write the runbook', ALAN, '2026-03-09'), { [F.due]: 'Pick a due date from today on.' }],
    ['a due date that is not a date', actionValues('Write the runbook', ALAN, '10/03/2026'), { [F.due]: 'Pick a due date from the calendar.' }],
    ['no text and no owner at once', actionValues('', null), { [F.text]: 'Say what is to be done.', [F.owner]: 'Choose who owns it.' }],
  ])('refuses %s beside its field', async (_, values, errors) => {
    await expectFieldErrors(actionForm, values, errors);
  });

  it('records the action item with its owner and due date, today being the earliest date on Earth', async () => {
    const { retros, run } = submit(actionForm, actionValues('Write the runbook', ALAN, today));
    await run();
    expect(today).toBe('2026-03-10');
    expect(retros.addAction).toHaveBeenCalledWith(7, ADA, { text: 'Write the runbook', ownerId: ALAN, dueDate: today, today });
  });

  it('leaves the due date out when none was picked', async () => {
    const { retros, run } = submit(actionForm, actionValues('Write the runbook', ALAN));
    await run();
    expect(retros.addAction).toHaveBeenCalledWith(7, ADA, { text: 'Write the runbook', ownerId: ALAN, today });
  });
});

describe('onHandOverForm', () => {
  it.each([
    ['nobody', null],
    ['a bot', 'B0BOT'],
  ])('refuses a hand-over to %s beside the facilitator', async (_, to) => {
    await expectFieldErrors(handOverForm, handOverValues(to), { [F.facilitator]: 'Choose who takes over.' });
  });

  it('hands the retro of the sealed context over, for the person who submitted', async () => {
    const { retros, run } = submit(handOverForm, handOverValues(ALAN));
    await run();
    expect(retros.handOver).toHaveBeenCalledWith(7, ADA, ALAN);
  });
});

describe('onScheduleForm', () => {
  it.each([
    ['a time zone Guild does not know', { [F.timeZone]: input.text('Mars/Olympus') }, { [F.timeZone]: '"Mars/Olympus" is not a time zone Guild knows; use an IANA name such as Europe/Berlin.' }],
    ['an empty time zone', { [F.timeZone]: input.text(null) }, { [F.timeZone]: /is not a time zone Guild knows/ }],
    ['an empty title', { [F.title]: input.text(' ') }, { [F.title]: 'Give the retros a title of 1 to 120 characters.' }],
    ['a title of 121 characters', { [F.title]: input.text('x'.repeat(121)) }, { [F.title]: 'Give the retros a title of 1 to 120 characters.' }],
    ['no time', { [F.time]: input.time(null) }, { [F.time]: 'Pick a time of day.' }],
    ['a repeat that is not a number', { [F.every]: input.select('x') }, { [F.every]: 'Retros repeat every 1 to 52 weeks.' }],
    ['no votes per person', { [F.budget]: input.text('0') }, { [F.budget]: /./ }],
    ['a bad time zone and no title at once', { [F.timeZone]: input.text('Nowhere'), [F.title]: input.text('') }, { [F.title]: /title/, [F.timeZone]: /Nowhere/ }],
  ])('refuses %s beside its field', async (_, overrides, errors) => {
    await expectFieldErrors(scheduleForm, scheduleValues(overrides), errors);
  });

  it('schedules the retros as typed, then announces them in the channel', async () => {
    const { deps, run, messages } = submit(scheduleForm, scheduleValues({ [F.anonymity]: input.select('anonymous_all'), [F.weekday]: input.select('xx') }));
    await run();
    expect(deps.scheduleRetros).toHaveBeenCalledWith({
      teamId: TEAM, channelId: CHANNEL, userId: ADA, title: 'Community retro', every: 4, weekday: 'th', time: '15:00', timeZone: 'Europe/Berlin', formatId: 'tanzu', anonymity: 'anonymous_all', voteBudget: 3,
    });
    expect(messages.send).toHaveBeenCalledWith({
      key: `retro:schedule:${testSchedule.id}:created`,
      to: { channel: CHANNEL },
      text: expect.stringMatching(new RegExp(`^<@${ADA}> scheduled retros here: ${testSchedule.description.replace(/[()]/g, '\\$&')} \\(schedule #12\\)\\. The first one starts <!date\\^${testSchedule.nextRunAt!.getTime() / 1000}\\^`)),
    });
  });

  it('tells a non-organiser by DM (the service decides), after the ack', async () => {
    const { ack, run, messages } = submit(scheduleForm, scheduleValues(), { deps: (l) => ({ scheduleRetros: l.rejects('scheduleRetros', new NotOrganiserError('schedule retros')) }) });
    await run();
    expect(ack).toHaveBeenCalledTimes(1);
    expect(messages.send).toHaveBeenCalledWith(expect.objectContaining({ to: { users: [ADA] }, text: expect.stringContaining("Only this community's organisers can schedule retros.") }));
  });

  // Defect 1 of issue 8: the announcement failing after the ack used to ack a second time.
  it('tells the organiser by DM when the announcement fails after the ack, and does not ack again', async () => {
    const { log, ack, run, messages, captured } = submit(scheduleForm, scheduleValues());
    messages.send.mockImplementationOnce(async () => {
      log.calls.push('messages.send');
      throw new Error('delivery is down');
    });
    await run();
    expect(log.calls).toEqual(['ack', 'scheduleRetros', 'messages.send', 'messages.send']);
    expect(ack).toHaveBeenCalledTimes(1);
    // The schedule stands: the DM says so, and that only the announcement failed.
    expect(messages.send).toHaveBeenLastCalledWith(expect.objectContaining({ key: 'retro:schedule-unannounced:V0FORM', to: { users: [ADA] }, text: expect.stringMatching(/are scheduled \(schedule #\d+\), but Guild could not announce them/) }));
    expect(messages.send).toHaveBeenLastCalledWith(expect.objectContaining({ text: expect.not.stringContaining('were not scheduled') }));
    expect(captured.lines.filter((l) => l.level >= 50)).toHaveLength(1);
  });
});
