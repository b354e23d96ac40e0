/** How an outbound Slack call failed, which decides what the gateway does next. */
export type SendFailure =
  | { kind: 'rate_limited'; retryAfterMs: number }
  | { kind: 'permanent'; code: string }
  | { kind: 'transient'; reason: string };

/** Errors that no retry can fix: the recipient or channel is gone, or the message itself is wrong. */
const PERMANENT = new Set([
  'channel_not_found', 'is_archived', 'not_in_channel', 'user_not_found', 'user_disabled', 'account_inactive',
  'cannot_dm_bot', 'invalid_blocks', 'msg_too_long', 'no_text', 'restricted_action', 'message_not_found',
  'cant_update_message', 'too_many_users', 'not_enough_users', 'invalid_metadata_format', 'msg_blocks_too_long',
  'channel_is_archived', 'team_access_not_granted', 'missing_scope', 'not_authed', 'invalid_auth', 'token_revoked',
]);

/** The `error` code of a Slack platform error (`{ ok: false, error }`), if that is what `err` is. */
export function slackErrorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'data' in err ? (err as { data?: { error?: string } }).data?.error : undefined;
}

/** Reads a @slack/web-api error (with rejectRateLimitedCalls on and no client-side retries). */
export function classifySlackError(err: unknown): SendFailure {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: string; retryAfter?: number; data?: { error?: string }; statusCode?: number; message?: string };
  if (e.code === 'slack_webapi_rate_limited_error') return { kind: 'rate_limited', retryAfterMs: Math.max(1, e.retryAfter ?? 1) * 1000 };
  if (e.code === 'slack_webapi_platform_error') {
    const code = e.data?.error ?? 'unknown_error';
    if (code === 'ratelimited') return { kind: 'rate_limited', retryAfterMs: 1000 };
    return PERMANENT.has(code) ? { kind: 'permanent', code } : { kind: 'transient', reason: code };
  }
  if (e.code === 'slack_webapi_http_error') return { kind: 'transient', reason: `HTTP ${e.statusCode ?? '?'}` };
  return { kind: 'transient', reason: e.message ?? String(err) };
}
