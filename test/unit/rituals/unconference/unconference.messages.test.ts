import { blockProblems } from '../../../../src/sandbox/block-kit';
import { checkView } from '../../../../src/sandbox/stored-view';
import { personalCalendar } from '../../../../src/rituals/unconference/unconference.calendar';
import { agendaMessage, draftMessage, personalAgendaMessage, personalSchedule, sessionMessage, slotReminderMessage, unconferenceMessage } from '../../../../src/rituals/unconference/unconference.messages';
import type { StoredAgenda } from '../../../../src/rituals/unconference/unconference.stored';
import type { ProposalView, UnconferenceView } from '../../../../src/rituals/unconference/unconference.types';
import { dotsModal, moveModal, planModal, proposalModal } from '../../../../src/rituals/unconference/unconference.views';
import { parseCalendar } from '../../../support/ical';

const HOUR = 3_600_000;
const unconference = (over: Partial<UnconferenceView> = {}): UnconferenceView => ({
  id: 4, communityId: 1, title: 'Open <space> & *friends*', timeZone: 'Europe/Berlin', slotStarts: [new Date('2026-12-10T09:00:00Z'), new Date('2026-12-10T10:00:00Z')],
  sessionMinutes: 45, rooms: [{ name: 'Big <hall>', capacity: 20 }, { name: 'Small', capacity: 2 }], dotsPerPerson: 3, proposalsCloseAt: null, votingClosesAt: null,
  phase: 'proposing', createdBy: 'U0ORG', draft: undefined, agenda: undefined, ...over,
});
const proposal = (id: number, over: Partial<ProposalView> = {}): ProposalView => ({ id, title: `Topic <${id}>`, description: 'Bring <laptops>', level: 'everyone', hostId: `U0H${id}`, dots: id, ...over });
const agenda: StoredAgenda = {
  sessions: [{ topicId: 1, slot: 0, room: 0 }, { topicId: 2, slot: 0, room: 1 }, { topicId: 3, slot: 1, room: 0 }],
  unscheduled: [4],
  attendance: { U0H1: [1, 3], U0H2: [2, null], U0H3: [1, 3], U0P: [2, 3] },
  satisfaction: 9,
  bound: 12,
  pinned: [],
};

describe('unconference messages', () => {
  it('escapes what people typed and shows the phase with its buttons', () => {
    const proposing = unconferenceMessage(unconference(), [proposal(1)]);
    const json = JSON.stringify(proposing.blocks);
    expect(proposing.text).toContain('Open &lt;space&gt; &amp; *friends*');
    expect(json).toContain('Topic &lt;1&gt;');
    expect(json).toContain('Bring &lt;laptops&gt;');
    expect(json).toContain('Big &lt;hall&gt; (20)');
    expect(json).not.toContain('<laptops>');
    expect(json).toContain('unconf_propose_open');
    expect(json).toContain('unconf_step_open_voting');
    expect(json).not.toContain('1 dot');
    const voting = JSON.stringify(unconferenceMessage(unconference({ phase: 'voting' }), [proposal(1)]).blocks);
    expect(voting).toContain('unconf_dots_open');
    expect(voting).not.toContain('unconf_propose_open');
    const published = JSON.stringify(unconferenceMessage(unconference({ phase: 'published' }), [proposal(1)]).blocks);
    expect(published).toContain('1 dot');
    expect(published).not.toContain('"actions"');
  });

  it('keeps the largest unconference within Slack\'s limits: 60 long proposals, 12 slots × 10 rooms', () => {
    const long = (id: number) => proposal(id, { title: `${'<'.repeat(80)}`, description: '&'.repeat(300) });
    const proposals = Array.from({ length: 60 }, (_, i) => long(i + 1));
    const slots = Array.from({ length: 12 }, (_, i) => new Date(Date.parse('2026-12-10T06:00:00Z') + i * HOUR));
    const rooms = Array.from({ length: 10 }, (_, i) => ({ name: `${'<'.repeat(40)}${i}`, capacity: 1000 }));
    const big = unconference({ phase: 'scheduling', slotStarts: slots, rooms });
    const full: StoredAgenda = { ...agenda, sessions: proposals.slice(0, 60).map((p, i) => ({ topicId: p.id, slot: i % 12, room: Math.floor(i / 12) })), unscheduled: [], attendance: {} };
    for (const content of [unconferenceMessage(big, proposals), agendaMessage(big, proposals, full), draftMessage(big, proposals, full), sessionMessage(big, proposals[0]!, full.sessions[0]!)]) {
      expect(blockProblems(content.blocks, 50)).toEqual([]);
    }
    const mine = personalSchedule(big, proposals, full, proposals[0]!.hostId);
    expect(blockProblems(personalAgendaMessage(big, mine, 'https://guild.example/a.ics').blocks, 50)).toEqual([]);
    for (const view of [planModal('{}', 'Europe/Berlin', new Date()), proposalModal('{}', big), dotsModal('{}', { ...big, dotsPerPerson: 10 }, proposals, new Map([[1, 12]])), moveModal('{}', big, proposals, full)]) {
      expect(() => checkView(JSON.parse(JSON.stringify(view)), 'modal')).not.toThrow();
    }
  });

  it('shows the grid with who hosts and how many attend, the topics left out, and the draft\'s figures', () => {
    const u = unconference({ phase: 'scheduling' });
    const proposals = [1, 2, 3, 4].map((id) => proposal(id));
    const draft = JSON.stringify(draftMessage(u, proposals, agenda).blocks);
    expect(draft).toContain('9 of at most 12 dots honoured (75%)');
    expect(draft).toContain('Topic &lt;1&gt;\\n<@U0H1> · 2 of 20');
    expect(draft).toContain('Topic &lt;2&gt;\\n<@U0H2> · 2 of 2');
    expect(draft).toContain('_free_');
    expect(draft).toContain('Not in the agenda (no room left): Topic &lt;4&gt;');
    expect(draft).toContain('unconf_step_publish');
    expect(JSON.stringify(agendaMessage(u, proposals, agenda).blocks)).not.toContain('unconf_step');
  });

  it('gives each person their own schedule: hosting, attending, free, with times in their zone and the .ics link', () => {
    const u = unconference({ phase: 'published', agenda });
    const proposals = [1, 2, 3].map((id) => proposal(id));
    const host = personalSchedule(u, proposals, agenda, 'U0H2');
    expect(host.map((s) => [s.topic?.id, s.room, s.hosting])).toEqual([[2, 'Small', true], [undefined, undefined, false]]);
    const text = JSON.stringify(personalAgendaMessage(u, host, 'https://guild.example/u.ics?sig=x').blocks);
    expect(text).toContain('Topic &lt;2&gt;* in Small (you host it)');
    expect(text).toContain('_free: drop in on any session_');
    expect(text).toContain(`<!date^${Date.parse('2026-12-10T09:00:00Z') / 1000}^{time}|10:00>`);
    expect(text).toContain('<https://guild.example/u.ics?sig=x|Add your sessions');
    const reminder = slotReminderMessage(u, personalSchedule(u, proposals, agenda, 'U0P')[1]!, 10);
    expect(reminder.blocks[0]).toMatchObject({ text: { text: expect.stringContaining('In 10 minutes') } });
    expect(JSON.stringify(reminder.blocks)).toContain('Topic &lt;3&gt;* in Big &lt;hall&gt;');
  });

  it('writes a person\'s sessions as iCalendar that an independent parser reads back', () => {
    const u = unconference({ phase: 'published', agenda });
    const proposals = [1, 2, 3].map((id) => proposal(id));
    const calendar = parseCalendar(personalCalendar(u, 'U0P', personalSchedule(u, proposals, agenda, 'U0P'), new Date('2026-12-07T08:00:00Z')));
    expect(calendar.vevents.map((v) => [v.getFirstPropertyValue('summary'), v.getFirstPropertyValue('location')])).toEqual([['Topic <2>', 'Small'], ['Topic <3>', 'Big <hall>']]);
    const first = calendar.occurrences(String(calendar.vevents[0]!.getFirstPropertyValue('uid')))[0]!;
    expect([first.start.toISOString(), first.end.toISOString()]).toEqual(['2026-12-10T09:00:00.000Z', '2026-12-10T09:45:00.000Z']);
  });
});
