import {
  blockProblems,
  CALLBACK_ID_LIMIT,
  Checker,
  isObject,
  PRIVATE_METADATA_LIMIT,
  SURFACE_BLOCK_LIMIT,
  VIEW_BYTES_LIMIT,
  VIEW_TITLE_LIMIT,
  withGeneratedIds,
  type JsonObject,
} from './block-kit';
import { findLoneSurrogate, loneSurrogateProblem } from './slack-text';
import type { IdFactory } from './ids';
import type { StoredViewJson } from './sandbox.types';
import { ApiError } from './web-api/api-error';
import { BOT, TEAM } from './workspace.store';

export interface ViewPlacement {
  id: string;
  rootViewId: string;
  previousViewId: string | null;
}

/**
 * Validates a view as views.open/push/update/publish do; throws ApiError like Slack answers
 * (`invalid_arguments` with `response_metadata.messages`, the views methods' documented error
 * for a view Slack cannot accept). Limits from the "Modal views" / "Home tab views" reference:
 * title, submit and close at most 24 characters, private_metadata 3000, callback_id 255, 100
 * blocks; at most 250 kB in all (`view_too_large`).
 */
export function checkView(view: JsonObject | undefined, expectedType: 'modal' | 'home'): JsonObject {
  if (!view) throw new ApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: view'] } });
  if (Buffer.byteLength(JSON.stringify(view)) > VIEW_BYTES_LIMIT) throw new ApiError('view_too_large');
  const check = new Checker();
  if (view.type !== expectedType) check.problem('/view/type', `must be '${expectedType}'`);
  check.problems.push(...blockProblems(view.blocks, SURFACE_BLOCK_LIMIT, '/view/blocks'));
  check.maxString(view.private_metadata, PRIVATE_METADATA_LIMIT, '/view/private_metadata');
  check.maxString(view.callback_id, CALLBACK_ID_LIMIT, '/view/callback_id');
  check.maxString(view.external_id, CALLBACK_ID_LIMIT, '/view/external_id');
  if (expectedType === 'modal') {
    check.text(view.title, VIEW_TITLE_LIMIT, '/view/title', { required: true, plainOnly: true });
    check.text(view.submit, VIEW_TITLE_LIMIT, '/view/submit', { plainOnly: true });
    check.text(view.close, VIEW_TITLE_LIMIT, '/view/close', { plainOnly: true });
    const hasInputs = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === 'input');
    if (hasInputs && !isObject(view.submit)) check.problem('/view/submit', 'must provide submit when there are input blocks');
  }
  // Block strings were checked with the blocks; anything else (title, metadata...) here.
  const { blocks: _blocks, ...rest } = view;
  const surrogate = findLoneSurrogate(rest, '/view');
  if (surrogate) check.problems.push(loneSurrogateProblem(surrogate));
  if (check.problems.length > 0) throw new ApiError('invalid_arguments', { response_metadata: { messages: check.problems } });
  return view;
}

/** The view as Slack stores and returns it: the app's fields plus ids, hash and an empty state. */
export function storeView(view: JsonObject, placement: ViewPlacement, ids: IdFactory): StoredViewJson {
  const blocks = withGeneratedIds(view.blocks as unknown[]);
  return {
    ...view,
    id: placement.id,
    team_id: TEAM.id,
    type: String(view.type),
    blocks,
    private_metadata: typeof view.private_metadata === 'string' ? view.private_metadata : '',
    callback_id: typeof view.callback_id === 'string' ? view.callback_id : '',
    state: { values: {} },
    hash: `${Math.floor(Date.now() / 1000)}.${ids.opaque()}`,
    clear_on_close: view.clear_on_close === true,
    notify_on_close: view.notify_on_close === true,
    external_id: typeof view.external_id === 'string' ? view.external_id : '',
    previous_view_id: placement.previousViewId,
    root_view_id: placement.rootViewId,
    app_id: BOT.appId,
    app_installed_team_id: TEAM.id,
    bot_id: BOT.botId,
  };
}
