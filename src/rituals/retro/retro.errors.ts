import { GuildError } from '../../community/community.errors';
import type { RetroField } from './retro.ids';
import type { FieldProblem } from './retro.rules';

/** A retro refused what was asked; the message says why, `field` where in a form. */
export class RetroError extends GuildError {
  constructor(message: string, options: { field?: RetroField } = {}) {
    super(message, options);
  }

  /** The first of a check's problems as an error (nothing when there are none). */
  static check(problems: FieldProblem[]): void {
    const [first] = problems;
    if (first) throw new RetroError(first.problem, { field: first.field });
  }
}
