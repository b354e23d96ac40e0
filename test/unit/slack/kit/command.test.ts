import type { ModalView } from '@slack/types';
import { NotACommunityError } from '../../../../src/community/community.errors';
import { UNEXPECTED_ERROR_TEXT } from '../../../../src/community/community.views';
import { routeSubcommand, slashCommandListener, type CommandHandlers, type CommandReply, type Parsed } from '../../../../src/slack/kit/command';
import { ADA, CallLog, capturingLogger, commandArgs, TEAM, TRIGGER } from '../../../support/listener-fakes';

/**
 * The one slash-command listener every ritual uses: answers needing no database go in the ack;
 * the rest are acked at once, then answered through the response URL or a modal.
 */
type Demo = { kind: 'help' } | { kind: 'run'; what: string };

const parse = (text: string): Parsed<Demo> =>
  routeSubcommand<Demo>(text, [{ words: ['help'], parse: () => ({ ok: true, command: { kind: 'help' } }) }], (rest, first) =>
    first === 'oops' ? { ok: false, problem: 'Use `/demo <what>`.' } : { ok: true, command: { kind: 'run', what: rest } },
  );

const modal: ModalView = { type: 'modal', title: { type: 'plain_text', text: 'Demo' }, blocks: [] };

function demo(reply: CommandReply | Error) {
  const log = new CallLog();
  const captured = capturingLogger();
  const run = reply instanceof Error ? log.rejects('handler.run', reply) : log.async('handler.run', reply);
  const handlers: CommandHandlers<Demo> = { help: log.async('handler.help', { text: 'help' }), run };
  const listener = slashCommandListener<Demo>({
    parse,
    atOnce: (parsed, channel) => {
      if (parsed.ok && parsed.command.kind === 'help') return { text: 'Demo help', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Demo help' } }] };
      if (parsed.ok && channel.channelId.startsWith('D')) return { text: 'Run `/demo` in a channel.' };
      return undefined;
    },
    handlers,
    logger: captured.logger,
  });
  return { log, captured, listener, run };
}

describe('slashCommandListener', () => {
  it('answers a parse problem in the ack, ephemerally, without a handler', async () => {
    const { log, listener } = demo({ text: 'ran' });
    const { args, ack } = commandArgs(log, { command: '/demo', text: 'oops' });
    await listener(args);
    expect(log.calls).toEqual(['ack']);
    expect(ack).toHaveBeenCalledWith({ response_type: 'ephemeral', text: 'Use `/demo &lt;what&gt;`.' }); // escaped: shown as typed
  });

  it('gives answers that need no database (help) in the ack, with their blocks', async () => {
    const { log, listener } = demo({ text: 'ran' });
    const { args, ack } = commandArgs(log, { command: '/demo', text: 'help' });
    await listener(args);
    expect(log.calls).toEqual(['ack']);
    expect(ack).toHaveBeenCalledWith({ response_type: 'ephemeral', text: 'Demo help', blocks: [expect.objectContaining({ type: 'section' })] });
  });

  it('refuses in the ack what `atOnce` refuses (a direct message)', async () => {
    const { log, listener } = demo({ text: 'ran' });
    const { args, ack } = commandArgs(log, { command: '/demo', text: 'Sprint 1', channelId: 'D0ADA' });
    await listener(args);
    expect(log.calls).toEqual(['ack']);
    expect(ack).toHaveBeenCalledWith({ response_type: 'ephemeral', text: 'Run `/demo` in a channel.' });
  });

  it('acks with nothing, then runs the handler with who and where, then answers through the response URL', async () => {
    const { log, listener, run } = demo({ text: 'ran' });
    const { args, ack, respond } = commandArgs(log, { command: '/demo', text: '  Sprint 1 ' });
    await listener(args);
    expect(log.calls).toEqual(['ack', 'handler.run', 'respond']);
    expect(ack).toHaveBeenCalledWith();
    expect(run).toHaveBeenCalledWith(
      { kind: 'run', what: 'Sprint 1' },
      { actor: { teamId: TEAM, userId: ADA, userName: 'u0ada' }, channel: { teamId: TEAM, channelId: 'C0GUILD', channelName: 'guild' }, triggerId: TRIGGER },
    );
    expect(respond).toHaveBeenCalledWith({ response_type: 'ephemeral', text: 'ran' });
  });

  it('posts an in-channel reply in the channel, with its blocks', async () => {
    const blocks = [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'Welcome' } }];
    const { log, listener } = demo({ text: 'Welcome', blocks, inChannel: true });
    const { args, respond } = commandArgs(log, { command: '/demo', text: 'x' });
    await listener(args);
    expect(respond).toHaveBeenCalledWith({ response_type: 'in_channel', text: 'Welcome', blocks });
  });

  it('opens a modal reply with the command\'s trigger id, and answers nothing else', async () => {
    const { log, listener } = demo({ modal });
    const { args, respond, client } = commandArgs(log, { command: '/demo', text: 'x' });
    await listener(args);
    expect(log.calls).toEqual(['ack', 'handler.run', 'views.open']);
    expect(client.views.open).toHaveBeenCalledWith({ trigger_id: TRIGGER, view: modal });
    expect(respond).not.toHaveBeenCalled();
  });

  it('says nothing more when the handler is done (its result is posted elsewhere)', async () => {
    const { log, listener } = demo({ done: true });
    const { args } = commandArgs(log, { command: '/demo', text: 'x' });
    await listener(args);
    expect(log.calls).toEqual(['ack', 'handler.run']);
  });

  it('turns a domain error into an ephemeral with its message, after the one ack', async () => {
    const { log, listener, captured } = demo(new NotACommunityError());
    const { args, ack, respond } = commandArgs(log, { command: '/demo', text: 'x' });
    await listener(args);
    expect(log.calls).toEqual(['ack', 'handler.run', 'respond']);
    expect(ack).toHaveBeenCalledTimes(1);
    expect(respond).toHaveBeenCalledWith({ response_type: 'ephemeral', text: new NotACommunityError().message });
    expect(captured.lines).toEqual([]);
  });

  it('apologises for anything else and logs it with the command', async () => {
    const { log, listener, captured } = demo(new Error('connection reset'));
    const { args, ack, respond } = commandArgs(log, { command: '/demo', text: 'x' });
    await listener(args);
    expect(ack).toHaveBeenCalledTimes(1);
    expect(respond).toHaveBeenCalledWith({ response_type: 'ephemeral', text: UNEXPECTED_ERROR_TEXT });
    expect(captured.lines).toEqual([expect.objectContaining({ level: 50, command: '/demo', subcommand: 'run', userId: ADA, channelId: 'C0GUILD', err: expect.objectContaining({ message: 'connection reset' }) })]);
  });
});
