import { interactiveElements, isObject, type JsonObject } from './block-kit';
import { findOption, ImpossibleInteractionError } from './view-state.builder';

export interface ActionChoice {
  actionId: string;
  blockId?: string | undefined;
  value?: string | undefined;
  selectedOption?: string | JsonObject | undefined;
  selectedOptions?: string[] | undefined;
  selectedUser?: string | undefined;
  selectedUsers?: string[] | undefined;
  selectedChannel?: string | undefined;
  selectedConversation?: string | undefined;
  selectedDate?: string | undefined;
  selectedTime?: string | undefined;
}

/**
 * The `actions[0]` of a block_actions payload: found in the surface's blocks when there is one
 * (so type, block_id, text and options come from what the app really rendered).
 */
export function buildAction(choice: ActionChoice, blocks: unknown[] | undefined, actionTs: string): JsonObject {
  const found = blocks ? [...interactiveElements(blocks)].find((e) => e.element.action_id === choice.actionId && (!choice.blockId || e.blockId === choice.blockId)) : undefined;
  if (blocks && !found) throw new ImpossibleInteractionError(`no element with action_id ${choice.actionId} on that surface`);
  const element: JsonObject = found?.element ?? { type: 'button', action_id: choice.actionId };
  const type = String(element.type);
  const action: JsonObject = { type, action_id: choice.actionId, block_id: found?.blockId ?? choice.blockId ?? 'b0', action_ts: actionTs };
  const option = (value: string | JsonObject): JsonObject => (typeof value === 'string' ? findOption(element, value) : value);
  switch (type) {
    case 'button':
      return { ...action, text: element.text, value: choice.value ?? element.value, ...(element.style ? { style: element.style } : {}) };
    case 'static_select':
    case 'external_select':
    case 'overflow':
    case 'radio_buttons':
      return { ...action, selected_option: option(choice.selectedOption ?? choice.value ?? required(choice, 'selectedOption')) };
    case 'multi_static_select':
    case 'checkboxes':
      return { ...action, selected_options: (choice.selectedOptions ?? []).map(option) };
    case 'users_select':
      return { ...action, selected_user: choice.selectedUser ?? required(choice, 'selectedUser') };
    case 'multi_users_select':
      return { ...action, selected_users: choice.selectedUsers ?? [] };
    case 'channels_select':
      return { ...action, selected_channel: choice.selectedChannel ?? required(choice, 'selectedChannel') };
    case 'conversations_select':
      return { ...action, selected_conversation: choice.selectedConversation ?? required(choice, 'selectedConversation') };
    case 'datepicker':
      return { ...action, selected_date: choice.selectedDate ?? required(choice, 'selectedDate') };
    case 'timepicker':
      return { ...action, selected_time: choice.selectedTime ?? required(choice, 'selectedTime') };
    default:
      return { ...action, ...(choice.value !== undefined ? { value: choice.value } : {}), ...(isObject(element.text) ? { text: element.text } : {}) };
  }
}

function required(choice: ActionChoice, field: string): never {
  throw new ImpossibleInteractionError(`${field} is needed to act on ${choice.actionId}`);
}
