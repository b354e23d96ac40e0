import type { Core } from '../../../core';
import type { EventsPort } from '../events.types';
import { BookClubAccess } from './bookclub.access';
import { BookClubs } from './bookclub.clubs';
import { BookSessions } from './bookclub.sessions';
import { BookVotes } from './bookclub.votes';

/**
 * Book clubs, as the rest of the sub-domain uses them: suggestions and votes, clubs and their
 * members, and reading plans with their sessions (events, through the events port only).
 */
export interface BookClubService {
  votes: BookVotes;
  clubs: BookClubs;
  sessions: BookSessions;
}

export type BookClubCore = Pick<Core, 'prisma' | 'messages' | 'jobs' | 'roles' | 'community' | 'now'>;

export function bookClubService(core: BookClubCore, events: EventsPort): BookClubService {
  const access = new BookClubAccess({ prisma: core.prisma, roles: core.roles });
  const shared = { prisma: core.prisma, messages: core.messages, access, now: core.now };
  const clubs = new BookClubs({ ...shared, events, jobs: core.jobs });
  const votes = new BookVotes({ ...shared, community: core.community, clubs });
  const sessions = new BookSessions({ ...shared, jobs: core.jobs, events, clubs });
  return { votes, clubs, sessions };
}
