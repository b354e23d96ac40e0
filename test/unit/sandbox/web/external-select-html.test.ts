import { blocksToHtml, externalOptionsHtml, type BlockContext, type Surface } from '../../../../src/sandbox/web/render/blocks-html';
import { formValues, withDraft } from '../../../../src/sandbox/web/drafts';

const ctx: BlockContext = {
  viewer: 'U1',
  timeZone: 'Europe/Berlin',
  now: new Date('2026-03-10T12:00:00Z'),
  userName: () => undefined,
  channelName: () => undefined,
  people: [],
  conversations: [],
};
const plain = (text: string) => ({ type: 'plain_text', text });
const option = (value: string, text: string) => ({ text: plain(text), value });
const zoneBlock = (element: Record<string, unknown> = {}, optional = false) => ({
  type: 'input',
  block_id: 'timeZone',
  optional,
  label: plain('Time zone'),
  element: { type: 'external_select', action_id: 'zone', placeholder: plain('Search by city'), ...element },
});
const modal: Surface = { kind: 'view', viewId: 'V1', actUrl: '/u/U1/act', suggestUrl: '/u/U1/suggest' };

describe('external select → HTML', () => {
  it('is a search box that asks the page for options, with the initial option shown and its value in the form', () => {
    const out = blocksToHtml([zoneBlock({ initial_option: option('slack', 'Use my Slack time zone (Berlin, UTC+1)') })], modal, ctx).value;
    expect(out).toContain('<label class="input-label" for="timeZone::zone">');
    expect(out).toContain('<input type="hidden" name="timeZone::zone" value="slack">');
    expect(out).toContain('<input type="hidden" name="timeZone::zone::text" value="Use my Slack time zone (Berlin, UTC+1)">');
    expect(out).toMatch(/<input type="text" class="external-query" id="timeZone::zone" name="timeZone::zone::query" role="combobox"[^>]* value="Use my Slack time zone \(Berlin, UTC\+1\)"/);
    expect(out).toContain('hx-post="/u/U1/suggest" hx-trigger="focus, input changed delay:250ms"');
    // The routing Slack puts in the options request: the view, the block and the action.
    expect(out).toContain('hx-vals="{&quot;viewId&quot;:&quot;V1&quot;,&quot;blockId&quot;:&quot;timeZone&quot;,&quot;actionId&quot;:&quot;zone&quot;,&quot;field&quot;:&quot;timeZone::zone&quot;}"');
    expect(out).toContain('<ul class="external-options" id="timeZone::zone::options" role="listbox" hidden></ul>');
    expect(out).toContain(' required ');
  });

  it('starts empty without an initial option, and is not required when optional', () => {
    const out = blocksToHtml([zoneBlock({}, true)], modal, ctx).value;
    expect(out).toContain('<input type="hidden" name="timeZone::zone" value="">');
    expect(out).toContain('placeholder="Search by city"');
    expect(out).not.toContain(' required');
  });

  it('lists the options Guild answered, escaped, the chosen one marked', () => {
    const out = externalOptionsHtml({ options: [option('zone:Asia/Tokyo', 'Tokyo (UTC+9)'), option('x"<', 'A <b> & "c"')] }, 'zone:Asia/Tokyo').value;
    expect(out).toContain('<li class="option" role="option" data-value="zone:Asia/Tokyo" data-text="Tokyo (UTC+9)" aria-selected="true">Tokyo (UTC+9)</li>');
    expect(out).toContain('data-value="x&quot;&lt;" data-text="A &lt;b&gt; &amp; &quot;c&quot;" aria-selected="false">A &lt;b&gt; &amp; &quot;c&quot;</li>');
  });

  it('shows option groups under their labels, and says so when there is nothing to show', () => {
    const grouped = externalOptionsHtml({ options: [], optionGroups: [{ label: plain('Asia'), options: [option('t', 'Tokyo')] }] }, '').value;
    expect(grouped).toContain('<li class="option-group" role="presentation"><div class="option-group-label">Asia</div><ul role="group" aria-label="Asia"><li class="option" role="option" data-value="t"');
    expect(externalOptionsHtml({ options: [] }, '').value).toBe('<li class="options-note" role="presentation">No results</li>');
    expect(externalOptionsHtml({ options: [], note: 'Keep typing to search' }, '').value).toContain('Keep typing to search');
  });

  it('submits the chosen value as Slack\'s selected option, and redraws it with its text after errors', () => {
    const blocks = [zoneBlock({ initial_option: option('slack', 'Use my Slack time zone') })];
    const form = new URLSearchParams([['timeZone::zone', 'zone:Asia/Tokyo'], ['timeZone::zone::text', 'Tokyo (UTC+9)'], ['timeZone::zone::query', 'Tokyo (UTC+9)']]);
    expect(formValues(blocks, form, 'Europe/Berlin')).toEqual({ timeZone: { zone: 'zone:Asia/Tokyo' } });
    const redrawn = blocksToHtml(withDraft(blocks, form, 'Europe/Berlin'), modal, ctx).value;
    expect(redrawn).toContain('<input type="hidden" name="timeZone::zone" value="zone:Asia/Tokyo">');
    expect(redrawn).toContain('value="Tokyo (UTC+9)" data-chosen="Tokyo (UTC+9)"');
  });

  it('stays a plain text box where the page cannot ask for options', () => {
    const out = blocksToHtml([zoneBlock()], { kind: 'view', viewId: 'V1', actUrl: '/u/U1/act' }, ctx).value;
    expect(out).toContain('<input type="text" id="timeZone::zone" name="timeZone::zone"');
  });
});
