import { z } from 'zod';
import { sealedMetadata } from '../../../../src/slack/kit/metadata';

/** A form's context, sealed to the person it was opened for. */
describe('sealedMetadata', () => {
  const SECRET = 'metadata-test-secret-0123456789';
  const forms = sealedMetadata(z.object({ retroId: z.number().int(), channelId: z.string() }), SECRET);
  const context = { retroId: 7, channelId: 'C0RETRO' };
  const sealed = forms.write(context, 'U0ADA');
  const change = (edit: (outer: { v: Record<string, unknown>; s: string }) => unknown) => JSON.stringify(edit(JSON.parse(sealed)));

  it('reads back what it wrote, for the same person', () => {
    expect(forms.read(sealed, 'U0ADA')).toEqual(context);
  });

  it('stays well within Slack\'s 3,000 characters: the seal adds about 40', () => {
    expect(sealed.length - JSON.stringify(context).length).toBeLessThanOrEqual(50);
  });

  it('reads as nothing for another person', () => {
    expect(forms.read(sealed, 'U0ALAN')).toBeUndefined();
  });

  it.each([
    ['a changed value', change((o) => ({ ...o, v: { ...o.v, retroId: 8 } }))],
    ['a value with a field added', change((o) => ({ ...o, v: { ...o.v, admin: true } }))],
    ['a changed seal', change((o) => ({ ...o, s: `${o.s.slice(0, -1)}${o.s.endsWith('A') ? 'B' : 'A'}` }))],
    ['a shortened seal', change((o) => ({ ...o, s: o.s.slice(0, 10) }))],
    ['no seal', change((o) => ({ v: o.v }))],
    ['the bare context (unsealed)', JSON.stringify(context)],
    ['a seal made with another secret', sealedMetadata(z.object({ retroId: z.number().int(), channelId: z.string() }), 'another-secret-0123456789').write(context, 'U0ADA')],
    ['text that is not JSON', '{"v":'],
    ['an empty string', ''],
    ['undefined', undefined],
  ])('reads %s as nothing', (_, text) => {
    expect(forms.read(text, 'U0ADA')).toBeUndefined();
  });

  it('reads a correctly sealed value of the wrong shape as nothing', () => {
    const anything = sealedMetadata(z.record(z.string(), z.unknown()), SECRET);
    expect(forms.read(anything.write({ retroId: '7', channelId: 'C0RETRO' }, 'U0ADA'), 'U0ADA')).toBeUndefined();
    expect(forms.read(anything.write({ channelId: 'C0RETRO' }, 'U0ADA'), 'U0ADA')).toBeUndefined();
  });
});
