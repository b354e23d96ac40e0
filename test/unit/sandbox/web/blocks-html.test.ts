import { blocksToHtml, type BlockContext, type Surface } from '../../../../src/sandbox/web/render/blocks-html';
import { formValues, withDraft } from '../../../../src/sandbox/web/drafts';

const ctx: BlockContext = {
  viewer: 'U1',
  timeZone: 'Europe/Berlin',
  now: new Date('2026-03-10T12:00:00Z'),
  userName: (id) => ({ U1: 'Ada', U2: 'Grace' })[id],
  channelName: () => 'design',
  people: [{ id: 'U1', name: 'Ada Lovelace' }, { id: 'U2', name: 'Grace Hopper' }],
  conversations: [{ id: 'C1', name: 'design' }],
};
const message: Surface = { kind: 'message', channel: 'C1', ts: '1.000001', actUrl: '/u/U1/act', interactive: true };
const modal = (errors?: Record<string, string>): Surface => ({ kind: 'view', viewId: 'V1', actUrl: '/u/U1/act', ...(errors ? { errors } : {}) });
const plain = (text: string) => ({ type: 'plain_text', text });
const option = (value: string, text: string) => ({ text: plain(text), value });

describe('Block Kit → HTML', () => {
  it('renders header, section with fields and accessory, context, divider, image and rich text', () => {
    const out = blocksToHtml(
      [
        { type: 'header', text: plain('Retro <1>') },
        { type: 'section', block_id: 's', text: { type: 'mrkdwn', text: '*Items*' }, fields: [{ type: 'mrkdwn', text: '<@U2>' }], accessory: { type: 'overflow', action_id: 'more', options: [option('a:1', '+1 vote')] } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: '_small_' }, { type: 'image', image_url: 'https://x.test/i.png', alt_text: 'i' }] },
        { type: 'divider' },
        { type: 'image', image_url: 'javascript:1', alt_text: 'bad' },
        { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'hi ', style: { bold: true } }, { type: 'user', user_id: 'U1' }, { type: 'broadcast', range: 'here' }] }, { type: 'rich_text_list', style: 'ordered', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'one' }] }] }] },
      ],
      message,
      ctx,
    ).value;
    expect(out).toContain('<h3>Retro &lt;1&gt;</h3>');
    expect(out).toContain('<b>Items</b>');
    expect(out).toContain('@Grace');
    expect(out).toContain('<select class="overflow" data-action="more" name="selected"');
    expect(out).toContain('&quot;actionId&quot;:&quot;more&quot;');
    expect(out).toContain('<i>small</i>');
    expect(out).toContain('<hr class="block divider">');
    expect(out).toContain('<span class="image missing">bad</span>');
    expect(out).toContain('<b>hi </b><span class="mention me"');
    expect(out).toContain('<span class="ping"');
    expect(out).toContain('<ol class="rt-list indent-0"><li>one</li></ol>');
  });

  it('renders buttons with their value and Slack\'s confirm dialog, and url buttons as links', () => {
    const out = blocksToHtml(
      [{ type: 'actions', block_id: 'a', elements: [{ type: 'button', action_id: 'close', text: plain('Close'), value: '7', style: 'danger', confirm: { title: plain('Sure?'), text: plain('No way back') } }, { type: 'button', action_id: 'u', text: plain('Docs'), url: 'https://x.test' }] }],
      message,
      ctx,
    ).value;
    expect(out).toContain('class="button danger" data-action="close"');
    expect(out).toContain('&quot;value&quot;:&quot;7&quot;');
    expect(out).toContain('hx-confirm="Sure?\n\nNo way back"');
    expect(out).toContain('<a class="button" href="https://x.test"');
  });

  it('renders every input Guild uses, with the error beside its field', () => {
    const input = (block_id: string, element: Record<string, unknown>, optional = false) => ({ type: 'input', block_id, label: plain(block_id), optional, element: { action_id: 'v', ...element } });
    const out = blocksToHtml(
      [
        input('title', { type: 'plain_text_input', initial_value: 'x"y', max_length: 10 }),
        input('notes', { type: 'plain_text_input', multiline: true }, true),
        input('budget', { type: 'number_input', is_decimal_allowed: false, min_value: '1', max_value: '20' }),
        input('column', { type: 'static_select', options: [option('sad', 'Sad'), option('happy', 'Happy')], initial_option: option('happy', 'Happy') }),
        input('topics', { type: 'multi_static_select', options: [option('1', 'a11y')] }, true),
        input('owner', { type: 'users_select', initial_user: 'U2' }),
        input('due', { type: 'datepicker', initial_date: '2026-03-12' }, true),
        input('at', { type: 'timepicker', initial_time: '09:30' }),
        input('when', { type: 'datetimepicker', initial_date_time: Date.parse('2026-03-10T12:00:00Z') / 1000 }),
        input('agree', { type: 'checkboxes', options: [option('y', 'Yes')] }, true),
        input('anon', { type: 'radio_buttons', options: [option('named', 'Named'), option('anon', 'Anonymous')], initial_option: option('named', 'Named') }),
      ],
      modal({ budget: 'Pick 1 to 20.' }),
      ctx,
    ).value;
    expect(out).toContain('<input type="text" id="title::v" name="title::v" value="x&quot;y" placeholder="" maxlength="10" required>');
    expect(out).toContain('<textarea id="notes::v" name="notes::v"');
    expect(out).toContain('type="number" id="budget::v" name="budget::v" value="" step="1" min="1" max="20"');
    expect(out).toMatch(/<div class="block input has-error" data-block="budget">[\s\S]*<div class="field-error" role="alert">Pick 1 to 20.<\/div>/);
    expect(out).toContain('<option value="happy" selected>Happy</option>');
    expect(out).toContain('name="topics::v" multiple');
    expect(out).toContain('<option value="U2" selected>Grace Hopper</option>');
    expect(out).toContain('type="date" id="due::v" name="due::v" value="2026-03-12"');
    expect(out).toContain('type="time" id="at::v" name="at::v" value="09:30"');
    expect(out).toContain('type="datetime-local" id="when::v" name="when::v" value="2026-03-10T13:00"');
    expect(out).toContain('<input type="checkbox" name="agree::v" value="y">');
    expect(out).toContain('<input type="radio" name="anon::v" value="named" checked required>');
  });

  it('reads a submitted form as Slack\'s values, and puts typed values back after errors', () => {
    const blocks = [
      { type: 'input', block_id: 'title', element: { type: 'plain_text_input', action_id: 'v' } },
      { type: 'input', block_id: 'topics', element: { type: 'multi_static_select', action_id: 'v', options: [option('1', 'a'), option('2', 'b')] } },
      { type: 'input', block_id: 'due', element: { type: 'datepicker', action_id: 'v', initial_date: '2026-01-01' } },
      { type: 'input', block_id: 'when', element: { type: 'datetimepicker', action_id: 'v' } },
      { type: 'input', block_id: 'column', element: { type: 'static_select', action_id: 'v', options: [option('sad', 'Sad')] } },
    ];
    const form = new URLSearchParams([['title::v', 'Hello'], ['topics::v', '2'], ['due::v', ''], ['when::v', '2026-03-10T13:00'], ['column::v', 'sad']]);
    expect(formValues(blocks, form, 'Europe/Berlin')).toEqual({
      title: { v: 'Hello' },
      topics: { v: ['2'] },
      due: { v: null },
      when: { v: String(Date.parse('2026-03-10T12:00:00Z') / 1000) },
      column: { v: 'sad' },
    });
    const redrawn = JSON.stringify(withDraft(blocks, form, 'Europe/Berlin'));
    expect(redrawn).toContain('"initial_value":"Hello"');
    expect(redrawn).toContain('"initial_options":[{"text":{"type":"plain_text","text":"b"},"value":"2"}]');
    expect(redrawn).not.toContain('2026-01-01');
  });
});
