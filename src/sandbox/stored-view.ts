import { blockProblems, isObject, SURFACE_BLOCK_LIMIT, VIEW_BYTES_LIMIT, VIEW_TITLE_LIMIT, withGeneratedIds, type JsonObject } from './block-kit';
import type { IdFactory } from './ids';
import type { StoredViewJson } from './sandbox.types';
import { ApiError } from './web-api/api-error';
import { BOT, TEAM } from './workspace.store';

export interface ViewPlacement {
  id: string;
  rootViewId: string;
  previousViewId: string | null;
}

/** Validates a view as views.open/push/update/publish do; throws ApiError like Slack answers. */
export function checkView(view: JsonObject | undefined, expectedType: 'modal' | 'home'): JsonObject {
  if (!view) throw new ApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: view'] } });
  if (JSON.stringify(view).length > VIEW_BYTES_LIMIT) throw new ApiError('view_too_large');
  const problems: string[] = [];
  if (view.type !== expectedType) problems.push(`[ERROR] must be '${expectedType}' [json-pointer:/view/type]`);
  problems.push(...blockProblems(view.blocks, SURFACE_BLOCK_LIMIT).map((p) => p.replace('json-pointer:/blocks', 'json-pointer:/view/blocks')));
  if (expectedType === 'modal') {
    const title = isObject(view.title) ? view.title.text : undefined;
    if (typeof title !== 'string') problems.push('[ERROR] missing required field: title [json-pointer:/view/title]');
    else if (title.length > VIEW_TITLE_LIMIT) {
      problems.push(`[ERROR] must be less than ${VIEW_TITLE_LIMIT + 1} characters [json-pointer:/view/title/text]`);
    }
    const hasInputs = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === 'input');
    if (hasInputs && !isObject(view.submit)) problems.push('[ERROR] must provide submit when there are input blocks [json-pointer:/view/submit]');
  }
  if (problems.length > 0) throw new ApiError('invalid_arguments', { response_metadata: { messages: problems } });
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
