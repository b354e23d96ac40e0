/**
 * The emoji shortcodes Guild's messages use, and a few common ones people type. Unknown codes
 * stay as written, which is what Slack shows for an emoji it does not have.
 */
export const EMOJI: Record<string, string> = {
  tada: '🎉', mailbox_closed: '📪', white_check_mark: '✅', warning: '⚠️', speech_balloon: '💬', smiley: '😃', seedling: '🌱',
  rage: '😡', pushpin: '📌', octagonal_sign: '🛑', neutral_face: '😐', jigsaw: '🧩', heart: '❤️',
  disappointed: '😞', crystal_ball: '🔮', cry: '😢', x: '❌', wave: '👋', calendar: '📆', memo: '📝',
  bulb: '💡', rocket: '🚀', thumbsup: '👍', '+1': '👍', slightly_smiling_face: '🙂', smile: '😄',
  hourglass: '⌛', hourglass_flowing_sand: '⏳', alarm_clock: '⏰', bell: '🔔', star: '⭐', fire: '🔥',
  eyes: '👀', ballot_box_with_check: '☑️', heavy_check_mark: '✔️', arrow_right: '➡️', books: '📚',
  coffee: '☕', busts_in_silhouette: '👥', clipboard: '📋', lock: '🔒', repeat: '🔁', sparkles: '✨',
  thinking_face: '🤔', raised_hands: '🙌', muscle: '💪', sad: '😢', sunglasses: '😎', arrows_counterclockwise: '🔄',
  inbox_tray: '📥', outbox_tray: '📤', mag: '🔍', link: '🔗', pencil2: '✏️', wastebasket: '🗑️', stopwatch: '⏱️',
  round_pushpin: '📍', no_entry: '⛔', microphone: '🎤', handshake: '🤝', grey_question: '❔', arrow_forward: '▶️', bar_chart: '📊', checkered_flag: '🏁', closed_book: '📕',
};

/** Replaces `:code:` with its emoji in already-escaped text (shortcodes hold no HTML specials). */
export function withEmoji(escaped: string): string {
  return escaped.replace(/:([a-z0-9_+-]+):/g, (whole, code: string) => EMOJI[code] ?? whole);
}
