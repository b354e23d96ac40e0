import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultInjector } from '../fault-injector';
import type { RateLimiter } from '../rate-limiter';
import type { SandboxState } from '../sandbox-state';
import { METHOD_SCOPES } from '../scopes';
import { ApiArgs } from './api-args';
import { ApiError } from './api-error';
import type { WebApiMethod } from './method-context';

export interface ApiReply {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  token?: string | undefined;
  warnings: string[];
}

/**
 * Answers one Web API call: faults first (they model the network and Slack's front end), then
 * auth, then rate limits, then the method itself. Records every call.
 */
export class WebApiRouter {
  constructor(
    private readonly state: SandboxState,
    private readonly methods: Record<string, WebApiMethod>,
    private readonly appMethods: Record<string, WebApiMethod>,
    private readonly limiter: RateLimiter,
    private readonly faults: FaultInjector,
  ) {}

  async handle(call: ApiCall): Promise<ApiReply> {
    const fault = this.faults.decide(call.method);
    if (fault.delayMs > 0) await sleep(fault.delayMs);
    let reply: ApiReply;
    if (fault.kind === 'ratelimited') reply = rateLimited(fault.retryAfterS);
    else if (fault.kind === 'server_error') reply = { status: fault.status, headers: {}, body: { ok: false, error: 'fatal_error' } };
    else reply = this.answer(call);
    this.record(call, reply);
    this.announce(call, reply);
    return reply;
  }

  private answer(call: ApiCall): ApiReply {
    const { config } = this.state;
    const isAppMethod = call.method in this.appMethods;
    const method = this.methods[call.method] ?? this.appMethods[call.method];
    if (!method) return ok200({ ok: false, error: 'unknown_method' });
    if (!call.token) return ok200({ ok: false, error: 'not_authed' });
    if (call.token !== config.botToken && call.token !== config.appToken) return ok200({ ok: false, error: 'invalid_auth' });
    if ((call.token === config.appToken) !== isAppMethod) return ok200({ ok: false, error: 'not_allowed_token_type' });
    const channel = typeof call.args.channel === 'string' ? call.args.channel : undefined;
    const decision = this.limiter.check(call.method, channel, Date.now());
    if (!decision.allowed) return rateLimited(decision.retryAfterS);
    const warnings = [...call.warnings];
    try {
      // Slack checks the token's scopes before it looks at the arguments.
      const scope = METHOD_SCOPES[call.method];
      if (scope !== undefined && !isAppMethod) this.state.scopes.require(scope);
      const body = method({ state: this.state, args: new ApiArgs(call.args), warnings });
      return ok200(withWarnings({ ok: true, ...body }, warnings));
    } catch (err) {
      if (err instanceof ApiError) return ok200(withWarnings({ ok: false, error: err.error, ...err.extra }, warnings));
      throw err;
    }
  }

  /** Tells listeners (the browser sandbox) what happened, refusals with Slack's own messages. */
  private announce(call: ApiCall, reply: ApiReply): void {
    const error = typeof reply.body.error === 'string' ? reply.body.error : undefined;
    const meta = reply.body.response_metadata;
    const messages = typeof meta === 'object' && meta !== null && Array.isArray((meta as { messages?: unknown }).messages) ? (meta as { messages: unknown[] }).messages.map(String) : undefined;
    const channel = typeof call.args.channel === 'string' ? call.args.channel : undefined;
    this.state.changed({
      kind: 'api',
      method: call.method,
      ok: reply.body.ok === true,
      ...(error !== undefined ? { error } : {}),
      ...(messages ? { messages } : {}),
      ...(channel !== undefined ? { channel } : {}),
    });
  }

  private record(call: ApiCall, reply: ApiReply): void {
    if (!this.state.config.recordCalls) return;
    const error = typeof reply.body.error === 'string' ? reply.body.error : undefined;
    this.state.calls.push({
      method: call.method,
      args: call.args,
      ok: reply.body.ok === true,
      status: reply.status,
      at: Date.now(),
      ...(error !== undefined ? { error } : {}),
    });
  }
}

function ok200(body: Record<string, unknown>): ApiReply {
  return { status: 200, headers: {}, body };
}

function rateLimited(retryAfterS: number): ApiReply {
  return { status: 429, headers: { 'retry-after': String(retryAfterS) }, body: { ok: false, error: 'ratelimited' } };
}

function withWarnings(body: Record<string, unknown>, warnings: string[]): Record<string, unknown> {
  if (warnings.length === 0) return body;
  const existing = typeof body.response_metadata === 'object' && body.response_metadata !== null ? body.response_metadata : {};
  return { ...body, warning: warnings.join(','), response_metadata: { ...existing, warnings } };
}
