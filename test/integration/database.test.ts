import { createTestDatabase, type TestDatabase } from '../support/database';

describe('test database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('has the migrated schema and enforces its constraints', async () => {
    await db.prisma.person.create({ data: { id: 'U1', teamId: 'T1' } });
    const community = await db.prisma.community.create({ data: { teamId: 'T1', channelId: 'C1', name: 'design', createdBy: 'U1' } });
    await expect(
      db.prisma.community.create({ data: { teamId: 'T1', channelId: 'C1', name: 'again', createdBy: 'U1' } }),
    ).rejects.toThrow(/Unique constraint/);
    await db.prisma.membership.create({ data: { communityId: community.id, personId: 'U1', role: 'organiser' } });
    expect(await db.prisma.membership.count()).toBe(1);
    await db.truncate();
    expect(await db.prisma.person.count()).toBe(0);
  });

  it('runs every session in UTC, so database-side timestamps agree with Prisma\'s', async () => {
    const [zone] = await db.prisma.$queryRaw<{ TimeZone: string }[]>`SHOW TimeZone`;
    expect(zone?.TimeZone).toBe('UTC');
    const person = await db.prisma.person.create({ data: { id: 'U2', teamId: 'T1' } });
    expect(Math.abs(person.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });
});
