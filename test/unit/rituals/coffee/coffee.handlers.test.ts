import { z } from 'zod';
import { NotOrganiserError } from '../../../../src/community/community.errors';
import { coffeeCommandHandlers } from '../../../../src/rituals/coffee/coffee.handlers';
import type { CoffeeService } from '../../../../src/rituals/coffee/coffee.service';
import { DEFAULT_SETTINGS } from '../../../../src/rituals/coffee/coffee.rules';
import type { CommandContext } from '../../../../src/slack/kit/command';
import { sealedMetadata } from '../../../../src/slack/kit/metadata';
import { ADA, TEAM } from '../../../support/listener-fakes';

/** What `/guild coffee …` answers once parsed: only the person sees it; organiser work is refused before a form opens. */
describe('coffee command handlers', () => {
  const forms = {
    channel: sealedMetadata(z.object({ channelId: z.string() }).strict(), 'secret'),
    round: sealedMetadata(z.object({ roundId: z.number().int(), channelId: z.string() }).strict(), 'secret'),
  };
  const context: CommandContext = { actor: { teamId: TEAM, userId: ADA }, channel: { teamId: TEAM, channelId: 'C0DESIGN' }, triggerId: 't' };
  const community = { id: 1, name: 'Design <guild>', channelId: 'C0DESIGN', timeZone: 'UTC' };
  const handlers = (coffee: Partial<Record<keyof CoffeeService, unknown>>) => coffeeCommandHandlers({ coffee: coffee as unknown as CoffeeService, forms });

  it('refuses the settings form to a non-organiser before it opens', async () => {
    const requireOrganiser = jest.fn(async () => {
      throw new NotOrganiserError('change the coffee settings');
    });
    const settingsOf = jest.fn();
    await expect(handlers({ requireOrganiser, settingsOf }).settings({ kind: 'settings' }, context)).rejects.toThrow("Only this community's organisers can change the coffee settings.");
    expect(settingsOf).not.toHaveBeenCalled();
  });

  it('opens the settings form for an organiser, sealed to them', async () => {
    const reply = await handlers({ requireOrganiser: async () => community, settingsOf: async () => DEFAULT_SETTINGS }).settings({ kind: 'settings' }, context);
    if (!('modal' in reply)) throw new Error('expected a modal');
    expect(forms.channel.read(reply.modal.private_metadata, ADA)).toEqual({ channelId: 'C0DESIGN' });
    expect(forms.channel.read(reply.modal.private_metadata, 'U0OTHER')).toBeUndefined();
  });

  it('answers an avoid privately, naming only the person avoided', async () => {
    const avoid = jest.fn(async () => community);
    const reply = await handlers({ avoid }).avoid({ kind: 'avoid', userId: 'U0ALAN' }, context);
    expect(reply).toEqual({ text: expect.stringMatching(/^Noted, privately: you will not be grouped with <@U0ALAN>\. Nobody else is told\./) });
    expect('inChannel' in reply && reply.inChannel).toBeFalsy();
  });

  it('escapes the community name it echoes', async () => {
    const reply = await handlers({ join: async () => community }).join({ kind: 'join' }, context);
    expect(reply).toEqual({ text: expect.stringContaining('*Design &lt;guild&gt;*') });
  });
});
