import { pairingSubcommand } from '../../../../src/rituals/pairing';
import { coffeeLine, mentoringLine, pairingHomeBlocks, pairingStatsMessage } from '../../../../src/rituals/pairing/pairing.views';
import { blockProblems } from '../../../../src/sandbox/block-kit';

const coffee = { rounds: 3, groups: 12, metRate: 0.6666, uniqueConnections: 20 };
const mentoring = { activeMentorships: 4, proposed: 2, accepted: 5, declines: 1, ended: 1 };

describe('pairing stats in words', () => {
  it('says what happened, in whole percentages and with singulars', () => {
    expect(coffeeLine(coffee)).toBe('Coffee groups: 3 rounds, 12 groups, 67% of groups asked said they met, 20 unique connections.');
    expect(coffeeLine({ rounds: 1, groups: 1, metRate: 1, uniqueConnections: 1 })).toBe('Coffee groups: 1 round, 1 group, 100% of groups asked said they met, 1 unique connection.');
    expect(mentoringLine(mentoring)).toBe('Mentoring: 4 active mentorships, 2 proposals waiting for answers, 5 accepted in all, 1 decline, 1 ended.');
  });

  it('says so when nothing has happened yet', () => {
    expect(coffeeLine({ rounds: 0, groups: 0, metRate: 0, uniqueConnections: 0 })).toBe('Coffee groups: no round has gone out yet.');
    expect(mentoringLine({ activeMentorships: 0, proposed: 0, accepted: 0, declines: 0, ended: 0 })).toBe('Mentoring: no match proposed yet.');
  });

  it('escapes the community name and stays within Block Kit limits', () => {
    const message = pairingStatsMessage('<!channel> & *friends*', { coffee, mentoring });
    expect(message.text).toContain('&lt;!channel&gt; &amp;');
    expect(message.text).not.toContain('<!channel>');
    expect(blockProblems(message.blocks, 50)).toEqual([]);
  });

  it('shows nothing on the Home of someone who organises nothing, and stays within limits for five long-named communities', () => {
    expect(pairingHomeBlocks([])).toEqual([]);
    const many = Array.from({ length: 5 }, (_, i) => ({ name: `${'x'.repeat(140)} ${i}`, stats: { coffee, mentoring } }));
    const blocks = pairingHomeBlocks(many);
    expect(blockProblems(blocks, 100)).toEqual([]);
  });
});

describe('/guild pairing', () => {
  const subcommand = pairingSubcommand({ community: {} as never }, async () => ({ coffee, mentoring }));
  it.each([[[]], [['stat']], [['stats', 'now']]])('answers %j with how to use it', (rest) => {
    expect(subcommand.parse(rest, rest.join(' '))).toEqual({ ok: false, problem: 'Use `/guild pairing stats` in a community\'s channel.' });
  });
  it('accepts stats in any case', () => {
    expect(subcommand.parse(['STATS'], 'STATS').ok).toBe(true);
  });
});
