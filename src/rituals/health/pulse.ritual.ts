import type { Core } from '../../core';
import type { Ritual } from '../ritual';
import { pulseParts } from './pulse.parts';

/**
 * The pulse surveys on their own, until the health ritual (index.ts) takes them in through
 * pulseParts: then this file and its line in src/guild.ts go.
 */
export function pulseRitual(core: Core): Ritual {
  const parts = pulseParts(core);
  return { name: 'pulse', help: { title: 'Pulse surveys', entries: parts.help }, jobs: parts.jobs, guildCommands: parts.guildCommands, register: parts.register };
}
