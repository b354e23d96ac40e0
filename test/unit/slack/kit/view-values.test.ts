import { z } from 'zod';
import { readMetadata, ViewValues } from '../../../../src/slack/kit/view-values';

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
    expect(values.blockIds('level_')).toEqual(['level_3']);
    expect(values.text('missing', 'value')).toBeUndefined();
  });

  it('checks each input as it reads it: a malformed one throws, and a state that is not one throws at once', () => {
    const values = ViewValues.parse({
      fine: { value: { type: 'plain_text_input', value: 'hello', dispatch_action: false } },
      broken: { value: { type: 'static_select', selected_option: { text: 'no value' } } },
    });
    expect(values.text('fine', 'value')).toBe('hello');
    expect(() => values.text('broken', 'value')).toThrow(z.ZodError);
    expect(() => ViewValues.parse({ block: 'not an object of inputs' })).toThrow(z.ZodError);
    expect(() => ViewValues.parse(null)).toThrow(z.ZodError);
  });
});
