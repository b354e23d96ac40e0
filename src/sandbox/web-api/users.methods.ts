import { decodeCursor, paginate } from '../pagination';
import { userJson } from '../slack-json';
import { ApiError } from './api-error';
import type { WebApiMethod } from './method-context';

export const usersInfo: WebApiMethod = ({ state, args }) => {
  const user = state.workspace.users.get(args.requireString('user', 'user_not_found'));
  if (!user) throw new ApiError('user_not_found');
  return { user: userJson(user, { email: state.scopes.has('users:read.email') }) };
};

export const usersList: WebApiMethod = ({ state, args }) => {
  const offset = decodeCursor('user', args.string('cursor'));
  if (offset === undefined) throw new ApiError('invalid_cursor');
  const all = [...state.workspace.users.values()];
  // Without a limit Slack answers with every member; with one it caps pages at 1000.
  const limit = Math.min(args.number('limit') || all.length || 1, 1000);
  const page = paginate('user', all, offset, limit);
  return {
    members: page.items.map((u) => userJson(u, { email: state.scopes.has('users:read.email') })),
    cache_ts: state.clock.nowSeconds(),
    response_metadata: { next_cursor: page.nextCursor },
  };
};
