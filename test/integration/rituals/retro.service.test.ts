import pino from 'pino';
import { RetroError } from '../../../src/rituals/retro/retro.service';
import { useTestDatabase } from '../../support/database';
import { retroStack } from '../../support/retro-service';

describe('RetroService', () => {
  const db = useTestDatabase();
  const logs: string[] = [];
  const service = () => retroStack(db.prisma, { logger: pino({ level: 'debug' }, { write: (l: string) => void logs.push(l) }) }).retros;
  const people = ['U0ADA', 'U0GRACE', 'U0ALAN', 'U0MARGARET', 'U0KATHERINE'];
  const start = (anonymity: 'named' | 'anonymous_items' | 'anonymous_all' = 'named') =>
    service().start({ teamId: 'T1', channelId: 'C1', title: 'Sprint 12', formatId: 'tanzu', anonymity, voteBudget: 3, perItemCap: 2, startedBy: 'U0ADA' });

  it('holds every voter to the budget under 50 concurrent clicks', async () => {
    const { id } = await start();
    const items = await Promise.all(['happy', 'meh', 'sad', 'happy'].map((c, i) => service().addItem(id, people[i]!, c, `item ${i}`)));
    await service().advance(id, 'U0ADA', 'collect');
    await service().advance(id, 'U0ADA', 'reveal');
    const clicks = Array.from({ length: 50 }, (_, i) => service().vote(id, people[i % 5]!, items[i % 4]!, 'add'));
    const results = await Promise.allSettled(clicks);
    const refused = results.filter((r) => r.status === 'rejected');
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(RetroError);
    const participants = await db.prisma.retroParticipant.findMany();
    expect(participants.every((p) => p.votesCast <= 3)).toBe(true);
    const votes = await db.prisma.retroVote.findMany();
    expect(votes.every((v) => v.count <= 2)).toBe(true);
    const perVoter = new Map<string, number>();
    for (const v of votes) perVoter.set(v.voterKey, (perVoter.get(v.voterKey) ?? 0) + v.count);
    expect([...perVoter.values()].every((n) => n <= 3)).toBe(true);
    expect(results.length - refused.length).toBe(votes.reduce((sum, v) => sum + v.count, 0));
    const itemTotals = await db.prisma.retroItem.findMany({ select: { id: true, votes: true } });
    expect(itemTotals.reduce((s, i) => s + i.votes, 0)).toBe(results.length - refused.length);
  });

  it('takes a vote back and frees the budget', async () => {
    const { id } = await start();
    const item = await service().addItem(id, 'U0ADA', 'happy', 'pairing worked');
    await service().advance(id, 'U0ADA', 'collect');
    await service().advance(id, 'U0ADA', 'reveal');
    expect(await service().vote(id, 'U0GRACE', item, 'add')).toEqual({ votesLeft: 2 });
    expect(await service().vote(id, 'U0GRACE', item, 'remove')).toEqual({ votesLeft: 3 });
    await expect(service().vote(id, 'U0GRACE', item, 'remove')).rejects.toThrow(/no vote on that item/);
  });

  it('moves a phase once when two facilitators press at the same moment, and refuses others', async () => {
    const { id } = await start();
    // Grace organises the channel's community, so she may move the retro on too.
    await db.prisma.community.create({ data: { teamId: 'T1', channelId: 'C1', name: 'Design', timeZone: 'UTC', createdBy: 'U0GRACE', memberships: { create: { person: { create: { id: 'U0GRACE', teamId: 'T1' } }, role: 'organiser' } } } });
    const results = await Promise.allSettled([service().advance(id, 'U0ADA', 'collect'), service().advance(id, 'U0GRACE', 'collect')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.message).toMatch(/already moved on from collect/);
    expect((await db.prisma.retro.findUniqueOrThrow({ where: { id } })).phase).toBe('reveal');
    await expect(service().advance(id, 'U0ALAN', 'reveal')).rejects.toThrow(/Only the facilitator, <@U0ADA>, or an organiser/);
  });

  it('answers bad input clearly and changes nothing', async () => {
    await expect(service().start({ teamId: 'T1', channelId: 'D1', title: 'x', formatId: 'tanzu', anonymity: 'named', startedBy: 'U1' })).rejects.toThrow(/not in a direct message/);
    await expect(service().start({ teamId: 'T1', channelId: 'C1', title: 'x', formatId: 'custom', customColumns: 'one', anonymity: 'named', startedBy: 'U1' })).rejects.toThrow(/2 to 6 columns/);
    const { id } = await start();
    await expect(service().addItem(id, 'U0ADA', 'happy', '   ')).rejects.toThrow('An item needs some text.');
    await expect(service().addItem(id, 'U0ADA', 'happy', 'x'.repeat(3001))).rejects.toThrow('Items can be at most 3,000 characters; this one has 3,001.');
    await expect(service().addItem(id, 'U0ADA', 'glad', 'wrong column')).rejects.toThrow(/not on this board/);
    for (const phase of ['collect', 'reveal', 'vote', 'discuss'] as const) await service().advance(id, 'U0ADA', phase);
    await expect(service().addItem(id, 'U0ADA', 'happy', 'late')).rejects.toThrow('This retro is closed.');
    await expect(service().vote(id, 'U0ADA', 1, 'add')).rejects.toThrow('This retro is closed.');
    await expect(service().advance(id, 'U0ADA', 'closed')).rejects.toThrow('This retro is closed.');
    expect(await db.prisma.retroItem.count()).toBe(0);
  });

  it('stores no user id anywhere for an anonymous retro (items and votes), nor logs one', async () => {
    logs.length = 0;
    const { id } = await start('anonymous_all');
    const items = [];
    for (const [i, person] of people.entries()) items.push(await service().addItem(id, person, i % 2 ? 'meh' : 'sad', `anonymous thought ${i}`));
    await service().advance(id, 'U0ADA', 'collect');
    await service().advance(id, 'U0ADA', 'reveal');
    for (const person of people) await service().vote(id, person, items[0]!, 'add');
    const tables = ['RetroItem', 'RetroVote', 'RetroParticipant'];
    const dump = JSON.stringify(await Promise.all(tables.map((t) => db.prisma.$queryRawUnsafe(`SELECT * FROM "${t}"`))), (_, v) => (typeof v === 'bigint' ? String(v) : v));
    for (const person of people) expect(dump).not.toContain(person);
    // Only the facilitator, who started the retro and is named on it, appears in Retro itself.
    expect(logs.join('')).not.toMatch(/U0GRACE|U0ALAN|U0MARGARET|U0KATHERINE/);
    // Contributors can still be counted.
    expect(new Set((await db.prisma.retroItem.findMany()).map((i) => i.authorKey)).size).toBe(5);
  });
});
