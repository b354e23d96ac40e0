import { isObject, type JsonObject } from './block-kit';

/**
 * Slack's limits on an options load URL's answer (Block Kit reference: select menu of external
 * data source, option and option group objects): at most 100 options (or 100 groups of at most
 * 100), option text at most 75 characters, value at most 150, group label at most 75.
 */
export const OPTIONS_LIMITS = { options: 100, groups: 100, text: 75, value: 150, label: 75 } as const;

export interface OptionsAnswer {
  options: JsonObject[];
  optionGroups?: JsonObject[];
  /** Why Slack would show the person no options: the answer broke one of its rules. */
  problem?: string;
}

/** Reads the ack body of a block_suggestion as Slack would: options or option_groups, checked. */
export function readOptionsAnswer(body: unknown): OptionsAnswer {
  if (!isObject(body)) return { options: [], problem: 'the answer is not a JSON object with options' };
  const groups = Array.isArray(body.option_groups) ? body.option_groups : undefined;
  const options = Array.isArray(body.options) ? body.options : undefined;
  if (!groups && !options) return { options: [], problem: 'the answer has neither options nor option_groups' };
  if (groups) {
    if (groups.length > OPTIONS_LIMITS.groups) return { options: [], problem: `${groups.length} option groups (at most ${OPTIONS_LIMITS.groups})` };
    for (const group of groups) {
      const label = isObject(group) && isObject(group.label) ? group.label.text : undefined;
      if (typeof label !== 'string' || label.length > OPTIONS_LIMITS.label) return { options: [], problem: 'an option group label is missing or over 75 characters' };
      const problem = optionsProblem(isObject(group) && Array.isArray(group.options) ? group.options : undefined);
      if (problem) return { options: [], problem };
    }
    const inGroups = groups.filter(isObject).flatMap((g) => (Array.isArray(g.options) ? g.options.filter(isObject) : []));
    return { options: inGroups, optionGroups: groups.filter(isObject) };
  }
  const problem = optionsProblem(options);
  return problem ? { options: [], problem } : { options: (options ?? []).filter(isObject) };
}

function optionsProblem(options: unknown[] | undefined): string | undefined {
  if (!options) return 'an option group has no options';
  if (options.length > OPTIONS_LIMITS.options) return `${options.length} options (at most ${OPTIONS_LIMITS.options})`;
  for (const option of options) {
    if (!isObject(option) || !isObject(option.text) || typeof option.text.text !== 'string' || typeof option.value !== 'string') return 'an option without text or value';
    if (option.text.type !== 'plain_text') return `option "${option.value}" has ${String(option.text.type)} text (external selects take plain_text)`;
    if (option.text.text.length > OPTIONS_LIMITS.text) return `option "${option.value}" has ${option.text.text.length} characters of text (at most ${OPTIONS_LIMITS.text})`;
    if (option.value.length > OPTIONS_LIMITS.value) return `an option's value has ${option.value.length} characters (at most ${OPTIONS_LIMITS.value})`;
  }
  return undefined;
}
