import type { KnownBlock } from '@slack/types';
import type { Actor } from '../community/community.service';
import type { JobHandler } from '../scheduler/scheduler';
import type { HttpRoute } from '../slack/http-routes';
import type { CommandContext, CommandReply, Parsed } from '../slack/kit/command';
import type { SlackKit } from '../slack/kit/kit';

/** One line of help: what to type, an example, and what it does. */
export interface HelpEntry {
  usage: string;
  example: string;
  what: string;
}

/**
 * A ritual's help: a heading and its entries. `/guild help` lists every entry's usage under the
 * heading; `/guild help <topic>` explains each, with an example.
 */
export interface RitualHelp {
  /** The word after `/guild help` (`retro`); the first words of its commands (`/guild pulse`) lead there too. */
  topic: string;
  title: string;
  entries: HelpEntry[];
}

/** What a ritual's `/guild` subcommand does once its text parsed: runs after the ack, answers the person. */
export type RitualCommandRun = (context: CommandContext) => Promise<CommandReply>;

/**
 * A `/guild <word> …` subcommand a ritual adds (`/guild coffee join`, `/guild pairing stats`):
 * the first word selects it, `parse` reads the rest into what to run, or a problem to show.
 */
export interface RitualSubcommand {
  words: readonly string[];
  parse(rest: string[], restText: string): Parsed<RitualCommandRun>;
}

/** A reply a person posted in a thread of a channel Guild is in. */
export interface ThreadReply {
  teamId: string;
  channelId: string;
  threadTs: string;
  messageTs: string;
  userId: string;
  text: string;
}

/**
 * What a ritual hands the composition root (src/guild.ts): its help, its scheduler jobs, its
 * Slack listeners, and optional hooks for thread replies and the App Home. A ritual is one
 * folder under src/rituals/ whose index.ts builds one of these from the core; registration is
 * explicit, never a side effect of importing a file.
 */
export interface Ritual {
  readonly name: string;
  readonly help: RitualHelp;
  readonly jobs: readonly JobHandler[];
  /** Subcommands of `/guild` the ritual answers; their first words must not clash with Guild's or another ritual's. */
  readonly guildCommands?: readonly RitualSubcommand[];
  /** Plain HTTP endpoints the ritual serves (calendar feeds), beside Slack's; paths must not clash. */
  readonly httpRoutes?: readonly HttpRoute[];
  /** Registers the ritual's commands, clicks, forms and events through the kit. */
  register(kit: SlackKit): void;
  /** A thread reply in a channel; the ritual ignores threads that are not its own. */
  onThreadReply?(reply: ThreadReply): Promise<void>;
  /** Blocks for the person's App Home (at most a handful: the Home holds 100 in all). */
  home?(actor: Actor): Promise<KnownBlock[]>;
  /** Finishes work the ritual started outside jobs and listeners (a pending message refresh), on shutdown. */
  stop?(): Promise<void>;
}
