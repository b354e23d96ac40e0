/** A Web API failure: answered as HTTP 200 `{ ok: false, error, ...extra }`, as Slack does. */
export class ApiError extends Error {
  constructor(
    readonly error: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(error);
  }
}
