import { clip } from '../../slack/kit/text';

/** A retro's board: the columns items are added to. */
export interface RetroFormat {
  id: RetroFormatId;
  name: string;
  columns: { key: string; title: string; emoji: string }[];
}

export type RetroFormatId = 'tanzu' | 'start-stop-continue' | '4ls' | 'mad-sad-glad' | 'custom';

/** The formats organisers pick from; Tanzu's happy / meh / sad is the default. */
export const RETRO_FORMATS: Record<Exclude<RetroFormatId, 'custom'>, RetroFormat> = {
  tanzu: {
    id: 'tanzu',
    name: 'Happy / meh / sad',
    columns: [
      { key: 'happy', title: 'Happy', emoji: ':smiley:' },
      { key: 'meh', title: 'Meh', emoji: ':neutral_face:' },
      { key: 'sad', title: 'Sad', emoji: ':disappointed:' },
    ],
  },
  'start-stop-continue': {
    id: 'start-stop-continue',
    name: 'Start / stop / continue',
    columns: [
      { key: 'start', title: 'Start', emoji: ':seedling:' },
      { key: 'stop', title: 'Stop', emoji: ':octagonal_sign:' },
      { key: 'continue', title: 'Continue', emoji: ':arrow_forward:' },
    ],
  },
  '4ls': {
    id: '4ls',
    name: '4Ls',
    columns: [
      { key: 'liked', title: 'Liked', emoji: ':heart:' },
      { key: 'learned', title: 'Learned', emoji: ':bulb:' },
      { key: 'lacked', title: 'Lacked', emoji: ':jigsaw:' },
      { key: 'longed', title: 'Longed for', emoji: ':crystal_ball:' },
    ],
  },
  'mad-sad-glad': {
    id: 'mad-sad-glad',
    name: 'Mad / sad / glad',
    columns: [
      { key: 'mad', title: 'Mad', emoji: ':rage:' },
      { key: 'sad', title: 'Sad', emoji: ':cry:' },
      { key: 'glad', title: 'Glad', emoji: ':tada:' },
    ],
  },
};

export const CUSTOM_COLUMNS_MIN = 2;
export const CUSTOM_COLUMNS_MAX = 6;
export const COLUMN_TITLE_MAX = 30;

export type FormatChoice = { ok: true; format: RetroFormat } | { ok: false; problem: string };

/**
 * The board for a format id, or for custom columns given as text ("Went well, To improve,
 * Ideas"): 2 to 6 distinct titles of at most 30 characters.
 */
export function retroFormat(id: string, customColumns?: string): FormatChoice {
  if (id !== 'custom') {
    const format = RETRO_FORMATS[id as Exclude<RetroFormatId, 'custom'>];
    return format ? { ok: true, format } : { ok: false, problem: `There is no retro format "${clip(id, 40)}". Choose one of: ${Object.keys(RETRO_FORMATS).join(', ')}, custom.` };
  }
  const titles = (customColumns ?? '').split(/[,\n]/).map((t) => t.trim().replace(/\s+/g, ' ')).filter(Boolean);
  if (titles.length < CUSTOM_COLUMNS_MIN || titles.length > CUSTOM_COLUMNS_MAX) {
    return { ok: false, problem: `Custom retros have ${CUSTOM_COLUMNS_MIN} to ${CUSTOM_COLUMNS_MAX} columns, separated by commas; you gave ${titles.length}.` };
  }
  const long = titles.find((t) => t.length > COLUMN_TITLE_MAX);
  if (long) return { ok: false, problem: `Column titles can be at most ${COLUMN_TITLE_MAX} characters; "${clip(long, 21)}" has ${[...long].length}.` };
  const keys = titles.map((t) => t.toLowerCase());
  if (new Set(keys).size !== keys.length) return { ok: false, problem: 'Each column needs a different title.' };
  return {
    ok: true,
    format: { id: 'custom', name: titles.join(' / '), columns: titles.map((title, i) => ({ key: `c${i + 1}`, title, emoji: ':pushpin:' })) },
  };
}
