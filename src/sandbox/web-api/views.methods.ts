import type { SandboxState } from '../sandbox-state';
import type { StoredViewJson } from '../sandbox.types';
import { checkView, storeView } from '../stored-view';
import { MODAL_STACK_LIMIT } from '../view.store';
import { ApiError } from './api-error';
import type { WebApiMethod } from './method-context';

export const viewsOpen: WebApiMethod = ({ state, args }) => {
  const view = checkView(args.object('view', 'invalid_arguments'), 'modal');
  const trigger = state.triggers.consume(args.string('trigger_id'));
  if (!trigger.ok) throw new ApiError(trigger.error);
  const id = state.ids.next('V');
  const stored = storeView(view, { id, rootViewId: id, previousViewId: null }, state.ids);
  state.views.open(trigger.user, stored);
  return { view: stored };
};

export const viewsPush: WebApiMethod = ({ state, args }) => {
  const view = checkView(args.object('view', 'invalid_arguments'), 'modal');
  const trigger = state.triggers.consume(args.string('trigger_id'));
  if (!trigger.ok) throw new ApiError(trigger.error);
  return { view: pushView(state, trigger.user, view) };
};

/** Shared by views.push and a `response_action: 'push'` ack. */
export function pushView(state: SandboxState, user: string, view: Record<string, unknown>): StoredViewJson {
  const stack = state.views.stack(user);
  if (stack.length >= MODAL_STACK_LIMIT) throw new ApiError('push_limit_reached');
  const top = stack[stack.length - 1];
  const id = state.ids.next('V');
  const stored = storeView(view, { id, rootViewId: stack[0]?.id ?? id, previousViewId: top?.id ?? null }, state.ids);
  state.views.push(user, stored);
  return stored;
}

export const viewsUpdate: WebApiMethod = ({ state, args }) => {
  const viewId = args.string('view_id');
  const externalId = args.string('external_id');
  if (viewId === undefined && externalId === undefined) throw new ApiError('invalid_arguments');
  const location = state.views.locate((v) => (viewId !== undefined ? v.id === viewId : v.external_id === externalId));
  if (!location) throw new ApiError('not_found');
  const hash = args.string('hash');
  if (hash !== undefined && hash !== location.entry.hash) throw new ApiError('hash_conflict');
  const view = checkView(args.object('view', 'invalid_arguments'), location.kind);
  const current = location.entry.view;
  const stored = storeView(
    view,
    { id: current.id, rootViewId: String(current.root_view_id), previousViewId: (current.previous_view_id as string | null) ?? null },
    state.ids,
  );
  state.views.replace(location, stored);
  return { view: stored };
};

export const viewsPublish: WebApiMethod = ({ state, args }) => {
  const userId = args.requireString('user_id', 'user_not_found');
  const user = state.workspace.users.get(userId);
  if (!user || user.deleted) throw new ApiError('user_not_found');
  const view = checkView(args.object('view', 'invalid_arguments'), 'home');
  const current = state.views.home(userId);
  const hash = args.string('hash');
  if (hash !== undefined && current && hash !== current.hash) throw new ApiError('hash_conflict');
  const id = current?.id ?? state.ids.next('V');
  const stored = storeView(view, { id, rootViewId: id, previousViewId: null }, state.ids);
  state.views.publishHome(userId, stored);
  return { view: stored };
};
