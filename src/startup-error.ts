/**
 * A failure at start-up that Guild foresaw and whose message says what to do about it. main.ts
 * prints just the message: a stack trace would bury the advice and says nothing to the reader.
 */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}
