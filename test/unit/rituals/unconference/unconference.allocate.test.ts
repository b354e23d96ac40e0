import { allocationInput, draftAgenda } from '../../../../src/rituals/unconference/unconference.allocate';

describe('the unconference allocation call', () => {
  const rooms = [{ name: 'A', capacity: 2 }, { name: 'B', capacity: 1 }];

  it('gives the allocation every voter and every host, dots summed, pins passed on', () => {
    const input = allocationInput({
      slots: 2,
      rooms,
      proposals: [{ id: 1, hostId: 'H1' }, { id: 2, hostId: 'H2' }],
      dots: [{ personId: 'P', proposalId: 1, count: 2 }, { personId: 'P', proposalId: 2, count: 1 }, { personId: 'H1', proposalId: 2, count: 3 }],
      pinned: [{ topicId: 2, slot: 1, room: 0 }],
    });
    expect(input.rooms).toEqual([2, 1]);
    expect(input.topics).toEqual([{ id: 1, hosts: ['H1'] }, { id: 2, hosts: ['H2'] }]);
    expect(Object.fromEntries(input.votes.map((v) => [v.person, Object.fromEntries(v.dots)]))).toEqual({ H1: { 2: 3 }, H2: {}, P: { 1: 2, 2: 1 } });
    expect(input.pinned).toEqual([{ topicId: 2, slot: 1, room: 0 }]);
  });

  it('drafts an agenda that keeps pins and puts hosts in their own sessions, and copes with nothing proposed', () => {
    const draft = draftAgenda({ slots: 2, rooms, proposals: [{ id: 1, hostId: 'H1' }, { id: 2, hostId: 'H2' }], dots: [{ personId: 'P', proposalId: 1, count: 3 }], pinned: [{ topicId: 2, slot: 0, room: 1 }] });
    expect(draft.sessions).toContainEqual({ topicId: 2, slot: 0, room: 1 });
    const at = (person: string, topic: number) => draft.attendance[person]![draft.sessions.find((s) => s.topicId === topic)!.slot];
    expect([at('H1', 1), at('H2', 2), at('P', 1)]).toEqual([1, 2, 1]);
    expect(draft.pinned).toEqual([{ topicId: 2, slot: 0, room: 1 }]);
    const empty = draftAgenda({ slots: 2, rooms, proposals: [], dots: [], pinned: [] });
    expect([empty.sessions, empty.unscheduled, empty.attendance]).toEqual([[], [], {}]);
  });
});
