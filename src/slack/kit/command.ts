import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock, ModalView } from '@slack/types';
import type { Logger } from 'pino';
import type { Actor, ChannelRef } from '../../community/community.service';
import { commandActor } from './actor';
import { errorText } from './replies';
import { escapeMrkdwn } from './text';

/** A parsed command, or what was wrong with the text and how to fix it. */
export type Parsed<C> = { ok: true; command: C } | { ok: false; problem: string };

/** One row of a slash command's table: the first word that selects it, and how the rest is read. */
export interface SubcommandRoute<C> {
  words: readonly string[];
  parse(rest: string[], restText: string): Parsed<C>;
}

export const COMMAND_TEXT_MAX = 1000;

/**
 * The one table pattern every ritual's slash command uses: the first word (any case) picks a
 * route; text no route claims goes to `otherwise` (a title for `/retro`, a problem for `/guild`).
 */
export function routeSubcommand<C>(text: string, routes: readonly SubcommandRoute<C>[], otherwise: (text: string, firstWord: string | undefined) => Parsed<C>): Parsed<C> {
  if (text.length > COMMAND_TEXT_MAX) return { ok: false, problem: `That is too long for a command (${text.length} characters; at most ${COMMAND_TEXT_MAX}).` };
  const trimmed = text.trim();
  const words = trimmed.split(/\s+/).filter(Boolean);
  const first = words[0]?.toLowerCase();
  const route = first === undefined ? undefined : routes.find((r) => r.words.includes(first));
  if (!route) return otherwise(trimmed, words[0]);
  return route.parse(words.slice(1), trimmed.slice(words[0]!.length).trim());
}

export type CommandReply = { text: string; blocks?: KnownBlock[]; inChannel?: boolean } | { modal: ModalView } | { done: true };

export interface CommandContext {
  actor: Actor;
  channel: ChannelRef;
  triggerId: string;
}

/** Every kind of a command union gets its handler: the compiler notices a forgotten one. */
export type CommandHandlers<C extends { kind: string }> = {
  [K in C['kind']]: (command: Extract<C, { kind: K }>, context: CommandContext) => Promise<CommandReply>;
};

export interface SlashCommandSpec<C extends { kind: string }> {
  parse(text: string): Parsed<C>;
  /** Answers that need no database, given in the acknowledgement itself (help, refusals). */
  atOnce(parsed: Parsed<C>, channel: ChannelRef): { text: string; blocks?: KnownBlock[] } | undefined;
  handlers: CommandHandlers<C>;
  logger: Logger;
}

/**
 * A slash command's listener: parse; answer at once when no database is needed; otherwise ack,
 * run the subcommand's handler, and answer through the response URL (or open its modal).
 * Failures become the one line that explains them.
 */
export function slashCommandListener<C extends { kind: string }>(spec: SlashCommandSpec<C>) {
  return async function onSlashCommand({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
    const parsed = spec.parse(command.text);
    const { actor, channel } = commandActor(command);
    const immediate = spec.atOnce(parsed, channel);
    // A problem quotes what was typed and names placeholders such as <page>: escaped, it shows as written.
    if (immediate || !parsed.ok) return ack({ response_type: 'ephemeral', ...(immediate ?? { text: parsed.ok ? '' : escapeMrkdwn(parsed.problem) }) });
    await ack();
    try {
      const handler = spec.handlers[parsed.command.kind as C['kind']] as (c: C, ctx: CommandContext) => Promise<CommandReply>;
      const reply = await handler(parsed.command, { actor, channel, triggerId: command.trigger_id });
      if ('modal' in reply) await client.views.open({ trigger_id: command.trigger_id, view: reply.modal });
      else if ('text' in reply) await respond({ response_type: reply.inChannel ? 'in_channel' : 'ephemeral', text: reply.text, ...(reply.blocks ? { blocks: reply.blocks } : {}) });
    } catch (err) {
      await respond({ response_type: 'ephemeral', text: errorText(err, spec.logger, { command: command.command, subcommand: parsed.command.kind, userId: actor.userId, channelId: channel.channelId }) });
    }
  };
}
