import { createHash } from 'node:crypto';
import type * as FeedParser from '@rowanmanning/feed-parser';
import { htmlToText, safeLink } from './ideas.text';
import { clip } from '../../slack/kit/text';

/** A post of a feed as Guild keeps it: plain text, clipped, and a link only when it is http(s). */
export interface FeedPost {
  /** The feed's own id for the post, else its link, else a hash of its title: stable across reads. */
  guid: string;
  title: string;
  url?: string;
  summary: string;
  publishedAt?: Date;
}

export interface ParsedFeed {
  title: string;
  posts: FeedPost[];
}

export const POST_TITLE_MAX = 200;
export const POST_SUMMARY_MAX = 500;
export const FEED_TITLE_MAX = 100;
/** At most this many posts are taken from one read (the newest, as the feed lists them). */
export const POSTS_PER_READ = 50;
const GUID_MAX = 500;

/** Why a document is not a feed Guild can read. */
export class FeedFormatError extends Error {}

const HTML_START = /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i;

/** Whether a document is a web page rather than a feed (the site's address given instead of its feed's). */
export function looksLikeHtml(text: string): boolean {
  return HTML_START.test(text.slice(0, 2048));
}

function guidOf(id: string | null, url: string | undefined, title: string): string {
  const own = id?.trim() || url;
  if (own && own.length <= GUID_MAX) return own;
  return `sha256:${createHash('sha256').update(own ?? title).digest('hex')}`;
}

function validDate(date: Date | null): Date | undefined {
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/**
 * Reads an RSS or Atom document with @rowanmanning/feed-parser and keeps what the digest needs.
 * Throws FeedFormatError for a web page, or a document that is not a feed.
 */
export function parseFeedText(text: string, feedUrl: string): ParsedFeed {
  if (looksLikeHtml(text)) throw new FeedFormatError('it answers with a web page (HTML), not a feed. Give the address of the site\'s RSS or Atom feed.');
  // Loaded on the first feed read, not at start: ~1 MB of heap that most processes never use.
  const { parseFeed } = require('@rowanmanning/feed-parser') as typeof FeedParser;
  let feed: ReturnType<typeof parseFeed>;
  try {
    feed = parseFeed(text);
  } catch (err) {
    throw new FeedFormatError(`it is not an RSS or Atom feed (${err instanceof Error ? clipReason(err.message) : 'unreadable'}).`);
  }
  const posts: FeedPost[] = [];
  for (const item of feed.items.slice(0, POSTS_PER_READ)) {
    const url = safeLink(item.url, feedUrl);
    const title = htmlToText(item.title, POST_TITLE_MAX) || (url ? clipReason(url) : '');
    if (!title) continue;
    const publishedAt = validDate(item.published) ?? validDate(item.updated);
    posts.push({ guid: guidOf(item.id, url, title), title, summary: htmlToText(item.description ?? item.content, POST_SUMMARY_MAX), ...(url ? { url } : {}), ...(publishedAt ? { publishedAt } : {}) });
  }
  return { title: htmlToText(feed.title, FEED_TITLE_MAX) || new URL(feedUrl).host, posts };
}

function clipReason(text: string): string {
  return clip(text, 120);
}
