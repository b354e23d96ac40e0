import type { ServerResponse } from 'node:http';
import type { HttpRoute } from '../../slack/http-routes';
import { eventCalendar, eventsCalendar } from './events.calendar';
import type { CalendarFeeds } from './events.feeds';

/** Event ids are Postgres integers. */
const MAX_INT = 2_147_483_647;

export interface CalendarRoutesDeps {
  feeds: CalendarFeeds;
  now: () => Date;
}

/**
 * `GET /calendar/<token>.ics`: a community's feed (404 for a token that is unknown or was
 * rotated away). `GET /calendar/event/<id>.ics?sig=…`: one event (403 for a wrong signature).
 * HEAD answers both. Nothing is cached on the way: a rotated token must stop working at once.
 */
export function calendarRoutes(deps: CalendarRoutesDeps): HttpRoute[] {
  return [
    {
      methods: ['GET'],
      path: '/calendar/:token.ics',
      async handle(request, res) {
        const communityId = await deps.feeds.communityFor(request.params.token ?? '');
        const feed = communityId === undefined ? undefined : await deps.feeds.feed(communityId);
        if (!feed) return refuse(res, 404, 'There is no calendar at this address. Ask in Slack for the current link: /guild calendar');
        sendCalendar(res, eventsCalendar({ ...feed, now: deps.now() }), 'inline; filename="guild-events.ics"');
      },
    },
    {
      methods: ['GET'],
      path: '/calendar/event/:id.ics',
      async handle(request, res) {
        const id = request.params.id ?? '';
        if (!/^\d{1,10}$/.test(id) || Number(id) > MAX_INT) return refuse(res, 404, 'There is no event at this address.');
        if (!deps.feeds.verifyEventLink(Number(id), request.query.get('sig') ?? '')) return refuse(res, 403, 'This event link is not valid: copy it again from Slack.');
        const event = await deps.feeds.event(Number(id));
        if (!event) return refuse(res, 404, 'There is no event at this address.');
        sendCalendar(res, eventCalendar(event, deps.now()), `attachment; filename="event-${event.id}.ics"`);
      },
    },
  ];
}

function sendCalendar(res: ServerResponse, text: string, disposition: string): void {
  res.writeHead(200, {
    'content-type': 'text/calendar; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'content-disposition': disposition,
    'cache-control': 'no-store',
  });
  res.end(text);
}

function refuse(res: ServerResponse, status: 403 | 404, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`${text}\n`);
}
