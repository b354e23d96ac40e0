import { isObject } from './block-kit';
import { applyMessageResponse } from './message-response';
import type { SandboxState } from './sandbox-state';
import { checkView, storeView } from './stored-view';
import { pushView } from './web-api/views.methods';

/** What a slash-command ack shows: its body is a message response (ephemeral unless in_channel). */
export function applyCommandAck(state: SandboxState, user: string, channel: string, body: unknown): void {
  if (body === undefined || body === '' || (isObject(body) && Object.keys(body).length === 0)) return;
  applyMessageResponse(state, { user, channel }, body, 'ack');
}

/**
 * What a view_submission ack does to the user's modal stack: errors keep the view open, update
 * replaces it, push stacks a new one, clear closes all, anything else closes the submitted view.
 */
export function applyViewSubmissionAck(state: SandboxState, user: string, viewId: string, body: unknown): void {
  const action = isObject(body) ? body.response_action : undefined;
  const stack = state.views.stack(user);
  const entry = stack.find((v) => v.id === viewId);
  if (!entry) return;
  switch (action) {
    case 'errors':
      entry.errors = isObject(body) && isObject(body.errors) ? Object.fromEntries(Object.entries(body.errors).map(([k, v]) => [k, String(v)])) : {};
      return;
    case 'update': {
      const view = checkView(isObject(body) && isObject(body.view) ? body.view : undefined, 'modal');
      const current = entry.view;
      const stored = storeView(
        view,
        { id: current.id, rootViewId: String(current.root_view_id), previousViewId: (current.previous_view_id as string | null) ?? null },
        state.ids,
      );
      state.views.replace({ user, kind: 'modal', entry }, stored);
      return;
    }
    case 'push':
      pushView(state, user, checkView(isObject(body) && isObject(body.view) ? body.view : undefined, 'modal'));
      return;
    case 'clear':
      state.views.clearStack(user);
      return;
    default:
      state.views.close(user, viewId);
  }
}
