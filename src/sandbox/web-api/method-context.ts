import type { SandboxState } from '../sandbox-state';
import type { ApiArgs } from './api-args';

export interface MethodContext {
  state: SandboxState;
  args: ApiArgs;
  /** Warnings to return in response_metadata.warnings. */
  warnings: string[];
}

/** A Web API method: returns the success body (without `ok`) or throws ApiError. */
export type WebApiMethod = (ctx: MethodContext) => Record<string, unknown>;
