/**
 * A recurrence that cannot be used as given. The message is written for the organiser who typed
 * the rule, so it can be shown to them as it is.
 */
export class RecurrenceError extends Error {
  constructor(problem: string) {
    super(problem);
    this.name = 'RecurrenceError';
  }
}
