import { buildViewState, ImpossibleInteractionError } from '../../../src/sandbox';

const input = (blockId: string, element: Record<string, unknown>, optional = false) => ({
  type: 'input',
  block_id: blockId,
  optional,
  label: { type: 'plain_text', text: blockId },
  element,
});
const option = (value: string) => ({ text: { type: 'plain_text', text: value.toUpperCase() }, value });

describe('buildViewState', () => {
  const blocks = [
    input('title', { type: 'plain_text_input', action_id: 't', initial_value: 'Retro' }),
    input('count', { type: 'number_input', action_id: 'n', is_decimal_allowed: false }, true),
    input('format', { type: 'radio_buttons', action_id: 'f', options: [option('4ls'), option('sss')], initial_option: option('sss') }),
    input('tags', { type: 'checkboxes', action_id: 'c', options: [option('a'), option('b')] }, true),
    input('owner', { type: 'users_select', action_id: 'u', initial_user: 'U1' }),
    input('room', { type: 'conversations_select', action_id: 'r' }, true),
    input('day', { type: 'datepicker', action_id: 'd' }, true),
    input('at', { type: 'timepicker', action_id: 'h', initial_time: '09:30' }),
    input('when', { type: 'datetimepicker', action_id: 'w' }, true),
    { type: 'section', block_id: 'intro', text: { type: 'mrkdwn', text: 'hi' } },
  ];

  it('shapes initial values per element type', () => {
    expect(buildViewState(blocks)).toEqual({
      title: { t: { type: 'plain_text_input', value: 'Retro' } },
      count: { n: { type: 'number_input', value: null } },
      format: { f: { type: 'radio_buttons', selected_option: option('sss') } },
      tags: { c: { type: 'checkboxes', selected_options: [] } },
      owner: { u: { type: 'users_select', selected_user: 'U1' } },
      room: { r: { type: 'conversations_select', selected_conversation: null } },
      day: { d: { type: 'datepicker', selected_date: null } },
      at: { h: { type: 'timepicker', selected_time: '09:30' } },
      when: { w: { type: 'datetimepicker', selected_date_time: null } },
    });
  });

  it('takes given values over initial ones and looks options up', () => {
    const state = buildViewState(blocks, { format: { f: '4ls' }, tags: { c: ['b', 'a'] }, count: { n: '3' }, when: { w: '1700000000' } }, true);
    expect(state.format?.f).toEqual({ type: 'radio_buttons', selected_option: option('4ls') });
    expect(state.tags?.c).toEqual({ type: 'checkboxes', selected_options: [option('b'), option('a')] });
    expect(state.count?.n).toEqual({ type: 'number_input', value: '3' });
    expect(state.when?.w).toEqual({ type: 'datetimepicker', selected_date_time: 1700000000 });
  });

  it('refuses what a user could not do', () => {
    expect(() => buildViewState(blocks, { format: { f: 'mad-sad-glad' } })).toThrow(ImpossibleInteractionError);
    expect(() => buildViewState(blocks, { nothing: { x: '1' } })).toThrow(/has no input nothing\/x/);
    const required = [input('name', { type: 'plain_text_input', action_id: 'v' })];
    expect(() => buildViewState(required, {}, true)).toThrow(/required/);
  });
});
