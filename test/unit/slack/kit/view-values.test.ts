import { z } from 'zod';
import { MalformedViewState, readMetadata, ViewValues } from '../../../../src/slack/kit/view-values';

describe('view state', () => {
  const schema = z.object({ retroId: z.number().int() });

  it('reads form metadata of the expected shape, and nothing else', () => {
    expect(readMetadata(schema, '{"retroId":4}')).toEqual({ retroId: 4 });
    expect(readMetadata(schema, '{"retroId":"4"}')).toBeUndefined();
    expect(readMetadata(schema, 'not json')).toBeUndefined();
    expect(readMetadata(schema, '')).toBeUndefined();
    expect(readMetadata(schema, undefined)).toBeUndefined();
  });

  it('reads inputs by block and action, whatever the element', () => {
    const values = ViewValues.parse({
      text: { value: { type: 'plain_text_input', value: 'hello' } },
      when: { value: { type: 'datepicker', selected_date: '2026-12-01' } },
      pick: { value: { type: 'multi_static_select', selected_options: [{ value: '1' }, { value: '2' }] } },
      level_3: { value: { type: 'static_select', selected_option: { value: '4' } } },
    });
    expect([values.text('text', 'value'), values.text('when', 'value'), values.text('level_3', 'value')]).toEqual(['hello', '2026-12-01', '4']);
    expect(values.choices('pick', 'value')).toEqual(['1', '2']);
    expect(ViewValues.parse({ hosts: { value: { type: 'multi_users_select', selected_users: ['U1', 'U2'] } } }).users('hosts', 'value')).toEqual(['U1', 'U2']);
    expect(values.users('missing', 'value')).toEqual([]);
    expect(values.blockIds('level_')).toEqual(['level_3']);
    expect(values.text('missing', 'value')).toBeUndefined();
  });

  it('checks each input as it reads it: a malformed one throws, and a state that is not one throws at once', () => {
    const values = ViewValues.parse({
      fine: { value: { type: 'plain_text_input', value: 'hello', dispatch_action: false } },
      broken: { value: { type: 'static_select', selected_option: { text: 'no value' } } },
    });
    expect(values.text('fine', 'value')).toBe('hello');
    expect(() => values.text('broken', 'value')).toThrow(MalformedViewState);
    expect(() => ViewValues.parse({ block: 'not an object of inputs' })).toThrow(MalformedViewState);
    expect(() => ViewValues.parse({ block: ['an', 'array'] })).toThrow(MalformedViewState);
    expect(() => ViewValues.parse(null)).toThrow(MalformedViewState);
    expect(() => ViewValues.parse([])).toThrow(MalformedViewState);
  });

  it('refuses each malformed field it reads, naming the input, and reads nothing from the prototype', () => {
    const values = ViewValues.parse({
      text: { value: { type: 'plain_text_input', value: 42 } },
      choice: { value: { type: 'static_select', selected_option: 'not an option' } },
      many: { value: { type: 'multi_static_select', selected_options: [{ value: '1' }, { text: 'no value' }] } },
      list: { value: { type: 'multi_static_select', selected_options: { value: '1' } } },
      when: { value: { type: 'datetimepicker', selected_date_time: '1767225600' } },
      input: { value: 'not an input' },
      empty: { value: { type: 'static_select', selected_option: null, selected_options: null, selected_date_time: null } },
      at: { value: { type: 'datetimepicker', selected_date_time: 1767225600 } },
    });
    expect(() => values.text('text', 'value')).toThrow('input text/value has a malformed value');
    expect(() => values.text('choice', 'value')).toThrow('input choice/value has a malformed selected_option');
    expect(() => values.choices('many', 'value')).toThrow('input many/value has a malformed selected_options');
    expect(() => values.choices('list', 'value')).toThrow('input list/value has selected_options that are not a list');
    expect(() => values.dateTime('when', 'value')).toThrow(MalformedViewState);
    expect(() => values.text('input', 'value')).toThrow('input input/value is not an object');
    const people = ViewValues.parse({ some: { value: { selected_users: ['U1', 7] } }, one: { value: { selected_users: 'U1' } } });
    expect(() => people.users('some', 'value')).toThrow('input some/value has a malformed selected_users');
    expect(() => people.users('one', 'value')).toThrow('input one/value has selected_users that are not a list');
    expect([values.text('empty', 'value'), values.choices('empty', 'value'), values.dateTime('empty', 'value')]).toEqual([undefined, [], undefined]);
    expect(values.dateTime('at', 'value')).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect([values.text('constructor', 'value'), values.text('text', 'constructor'), values.choices('__proto__', 'value')]).toEqual([undefined, undefined, []]);
  });
});
