/** Block Kit checks and normalisation Slack applies to what apps send. */

export const MESSAGE_BLOCK_LIMIT = 50;
export const SURFACE_BLOCK_LIMIT = 100;
export const SECTION_TEXT_LIMIT = 3000;
export const MESSAGE_TEXT_LIMIT = 40_000;
export const VIEW_TITLE_LIMIT = 24;
export const VIEW_BYTES_LIMIT = 250_000;

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Problems in a block list, as Slack's `[ERROR] ...` messages; empty when valid. */
export function blockProblems(blocks: unknown, limit: number): string[] {
  if (!Array.isArray(blocks)) return ['[ERROR] must be an array [json-pointer:/blocks]'];
  const problems: string[] = [];
  if (blocks.length > limit) problems.push(`[ERROR] no more than ${limit} items allowed [json-pointer:/blocks]`);
  blocks.forEach((block, i) => {
    if (!isObject(block) || typeof block.type !== 'string') {
      problems.push(`[ERROR] missing required field: type [json-pointer:/blocks/${i}]`);
      return;
    }
    if (block.type === 'section') {
      const text = isObject(block.text) ? block.text.text : undefined;
      if (typeof text === 'string' && text.length > SECTION_TEXT_LIMIT) {
        problems.push(`[ERROR] must be less than ${SECTION_TEXT_LIMIT + 1} characters [json-pointer:/blocks/${i}/text/text]`);
      }
      if (!isObject(block.text) && !Array.isArray(block.fields)) {
        problems.push(`[ERROR] must provide either text or fields [json-pointer:/blocks/${i}]`);
      }
    }
  });
  return problems;
}

/**
 * Slack gives every block a block_id (and every interactive element an action_id) when the app did
 * not, and payloads carry those generated ids; we derive them from the position so they are stable.
 */
export function withGeneratedIds(blocks: unknown[]): unknown[] {
  return blocks.map((block, i) => {
    if (!isObject(block)) return block;
    const blockId = typeof block.block_id === 'string' ? block.block_id : `b${i}`;
    const copy: JsonObject = { ...block, block_id: blockId };
    if (isObject(block.element)) copy.element = withActionId(block.element, `${blockId}-a0`);
    if (isObject(block.accessory)) copy.accessory = withActionId(block.accessory, `${blockId}-a0`);
    if (Array.isArray(block.elements) && block.type === 'actions') {
      copy.elements = block.elements.map((el, j) => (isObject(el) ? withActionId(el, `${blockId}-a${j}`) : el));
    }
    return copy;
  });
}

function withActionId(element: JsonObject, fallback: string): JsonObject {
  return typeof element.action_id === 'string' ? element : { ...element, action_id: fallback };
}

/** Interactive elements of a block list with the block they sit in. */
export function* interactiveElements(blocks: unknown[]): Generator<{ blockId: string; element: JsonObject }> {
  for (const block of blocks) {
    if (!isObject(block)) continue;
    const blockId = String(block.block_id);
    for (const candidate of [block.element, block.accessory, ...(Array.isArray(block.elements) ? block.elements : [])]) {
      if (isObject(candidate) && typeof candidate.action_id === 'string') yield { blockId, element: candidate };
    }
  }
}
