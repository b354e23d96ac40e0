import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import ical, { ICalCalendarMethod } from 'ical-generator';
import type { HttpRoute } from '../../slack/http-routes';
import type { PersonalSlot } from './unconference.messages';
import type { UnconferenceView } from './unconference.types';

const MINUTE = 60_000;
const MAX_INT = 2_147_483_647;

/**
 * A person's agenda as iCalendar: one VEVENT per session they attend or host, times in UTC (the
 * same instants in every client, shown in the reader's zone). Each VEVENT's UID names the
 * unconference, slot and person, so a second download updates rather than duplicates.
 */
export function personalCalendar(u: UnconferenceView, personId: string, schedule: PersonalSlot[], now: Date): string {
  const calendar = ical({ prodId: { company: 'Guild', product: 'Guild unconference', language: 'EN' }, method: ICalCalendarMethod.PUBLISH, name: u.title });
  for (const item of schedule) {
    if (!item.topic) continue;
    const start = u.slotStarts[item.slot]!;
    calendar.createEvent({
      id: `unconference-${u.id}-slot-${item.slot}-${personId}@guild`,
      stamp: now,
      start,
      end: new Date(start.getTime() + u.sessionMinutes * MINUTE),
      summary: item.topic.title,
      location: item.room ?? null,
      description: [`${u.title}: slot ${item.slot + 1}${item.hosting ? ' (you host it)' : ''}.`, item.topic.description].filter(Boolean).join('\n\n'),
    });
  }
  return calendar.toString();
}

/** Signed links to a person's agenda: anyone with the link sees that person's sessions, nothing else. */
export class AgendaLinks {
  constructor(private readonly secret: string) {}

  path(unconferenceId: number, personId: string): string {
    return `/unconference/${unconferenceId}/agenda/${encodeURIComponent(personId)}.ics?sig=${this.signature(unconferenceId, personId)}`;
  }

  verify(unconferenceId: number, personId: string, signature: string): boolean {
    const expected = Buffer.from(this.signature(unconferenceId, personId));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private signature(unconferenceId: number, personId: string): string {
    return createHmac('sha256', this.secret).update(`guild:unconference:agenda:${unconferenceId}:${personId}`).digest('base64url');
  }
}

/** What the route needs: the agenda's links and a person's calendar text, if the agenda is out. */
export interface AgendaRouteDeps {
  links: AgendaLinks;
  calendarOf(unconferenceId: number, personId: string): Promise<string | undefined>;
}

/** `GET /unconference/<id>/agenda/<person>.ics?sig=…`: a person's sessions (403 for a wrong signature). */
export function agendaRoutes(deps: AgendaRouteDeps): HttpRoute[] {
  return [
    {
      methods: ['GET'],
      path: '/unconference/:id/agenda/:person.ics',
      async handle(request, res) {
        const id = request.params.id ?? '';
        const person = request.params.person ?? '';
        if (!/^\d{1,10}$/.test(id) || Number(id) > MAX_INT || !/^[A-Z0-9]{1,20}$/.test(person)) return refuse(res, 404, 'There is no agenda at this address.');
        if (!deps.links.verify(Number(id), person, request.query.get('sig') ?? '')) return refuse(res, 403, 'This agenda link is not valid: open it again from your DM in Slack.');
        const text = await deps.calendarOf(Number(id), person);
        if (text === undefined) return refuse(res, 404, 'There is no agenda at this address.');
        res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8', 'content-length': Buffer.byteLength(text), 'content-disposition': `attachment; filename="unconference-${id}.ics"`, 'cache-control': 'no-store' });
        res.end(text);
      },
    },
  ];
}

function refuse(res: ServerResponse, status: 403 | 404, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`${text}\n`);
}
