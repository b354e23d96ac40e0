import { guildReply, useHarness } from '../support/guild-harness';

describe('/guild schedules', () => {
  const h = useHarness('http');

  it('lists a community\'s schedules for anyone, and lets only organisers pause, resume and cancel them', async () => {
    await guildReply(h, h.users.ada, 'setup');
    expect(await guildReply(h, h.users.grace, 'schedules')).toMatch(/no scheduled rituals yet/);
    const community = await h.db.prisma.community.findFirstOrThrow();
    const created = await h.guild.schedules.create({
      communityId: community.id,
      kind: 'ritual.demo',
      name: 'Coffee pairs',
      recurrence: { kind: 'weekly', weekdays: ['mo'], time: '09:00', timeZone: 'Europe/Berlin', interval: 2, anchor: '2026-11-23' },
      createdBy: h.users.ada.id,
    });

    const listed = await guildReply(h, h.users.grace, 'schedules');
    expect(listed).toMatch(new RegExp(`#${created.id} Coffee pairs\\*: every 2 weeks on Monday at 09:00 \\(Europe/Berlin\\); next Mon \\d+ \\w+, 09:00 \\(Europe/Berlin\\)`));

    expect(await guildReply(h, h.users.grace, `schedules pause ${created.id}`)).toMatch(/Only this community's organisers can pause schedules/);
    expect(await guildReply(h, h.users.ada, `schedules pause #${created.id}`)).toBe(`Schedule *#${created.id} Coffee pairs* is paused.`);
    expect(await guildReply(h, h.users.grace, 'schedules')).toMatch(/Coffee pairs\*: .*; paused/);
    expect(await guildReply(h, h.users.ada, `schedules resume ${created.id}`)).toMatch(/is resumed\. It runs next Mon/);
    expect(await guildReply(h, h.users.ada, 'schedules cancel 999')).toMatch(/no schedule #999/);
    expect(await guildReply(h, h.users.ada, 'schedules stop 1')).toMatch(/pause\|resume\|cancel/);
    expect(await guildReply(h, h.users.ada, `schedules cancel ${created.id}`)).toMatch(/is cancelled/);
    expect(await guildReply(h, h.users.grace, 'schedules')).toMatch(/no scheduled rituals yet/);
  });
});
