import type { KnownBlock } from '@slack/types';
import { clip, mrkdwnText } from '../../slack/kit/text';
import { IDEAS_PROPOSE_ACTION, postValue } from './ideas.ids';
import { safeLink } from './ideas.text';

/** A post as the digest and the proposals list show it. */
export interface PostView {
  id: number;
  title: string;
  url: string | null;
  summary: string;
  publishedAt: Date | null;
  firstSeenAt: Date;
  source: string;
}

/** Posts listed in one digest; the rest are counted. */
export const DIGEST_MAX = 15;
const SUMMARY_SHOWN = 200;

/** A date as Slack shows it in each reader's zone, with the UTC date as the fallback. */
export function readerDate(date: Date): string {
  return `<!date^${Math.floor(date.getTime() / 1000)}^{date_short}|${date.toISOString().slice(0, 10)}>`;
}

/** Each post's section in the digest, so that a click names it. */
export const postBlockId = (postId: number) => `ideas_post_${postId}`;

/** The title, linked when its link is http(s); everything from the feed escaped. */
export function postTitle(post: Pick<PostView, 'title' | 'url'>, max = 150): string {
  const title = mrkdwnText(post.title, max);
  const link = safeLink(post.url);
  return link ? `<${link}|${title}>` : title;
}

function postLine(post: PostView): string {
  const meta = `${mrkdwnText(post.source, 80)} · ${readerDate(post.publishedAt ?? post.firstSeenAt)}`;
  const summary = post.summary ? `\n${mrkdwnText(post.summary, SUMMARY_SHOWN)}` : '';
  return `*${postTitle(post)}*\n_${meta}_${summary}`;
}

/**
 * The weekly digest: the newest posts first, each with its "Propose…" button, at most
 * {@link DIGEST_MAX} and "and N more". 15 sections and three more blocks stay far below Slack's
 * 50 blocks; each section stays below its 3,000 characters.
 */
export function digestMessage(input: { communityName: string; posts: PostView[]; more: number }): { text: string; blocks: KnownBlock[] } {
  const name = mrkdwnText(input.communityName, 80);
  const total = input.posts.length + input.more;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(`Outside ideas for ${input.communityName}`, 150) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `${total} new ${total === 1 ? 'post' : 'posts'} this week from the feeds ${name} follows. Anyone can *Propose…* one for the programme: as a talk, a poll option or an unconference session.` }] },
  ];
  for (const post of input.posts.slice(0, DIGEST_MAX)) {
    blocks.push({
      type: 'section',
      block_id: postBlockId(post.id),
      text: { type: 'mrkdwn', text: postLine(post) },
      accessory: { type: 'button', action_id: IDEAS_PROPOSE_ACTION, text: { type: 'plain_text', text: 'Propose…' }, value: postValue.encode({ postId: post.id }) },
    });
  }
  if (input.more > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${input.more} more. \`/guild ideas list\` shows the feeds.` }] });
  return { text: `Outside ideas for ${name}: ${total} new ${total === 1 ? 'post' : 'posts'}.`, blocks };
}

/** A feed's problem, to the organisers, once per streak of failures. */
export function failureNotice(input: { feed: { url: string; title: string | null }; error: string; channelId: string }): { text: string } {
  const name = input.feed.title ? `*${mrkdwnText(input.feed.title, 100)}* (${mrkdwnText(input.feed.url, 300)})` : mrkdwnText(input.feed.url, 300);
  return { text: `A feed <#${input.channelId}> follows could not be read: ${name}.\n${mrkdwnText(input.error, 400)}\nGuild keeps trying every day and says nothing more until it works again. \`/guild ideas remove\` stops following it.` };
}

export interface FeedLine {
  url: string;
  title: string | null;
  lastOkAt: Date | null;
  lastError: string | null;
}

/** `/guild ideas list`: the feeds by number, each with its last read or its error. */
export function feedListMessage(input: { communityName: string; feeds: FeedLine[]; nextDigestAt?: Date }): { text: string } {
  const name = mrkdwnText(input.communityName, 80);
  if (input.feeds.length === 0) return { text: `*${name}* follows no feeds yet. An organiser adds one with \`/guild ideas add https://example.org/feed.xml\`.` };
  const lines = input.feeds.map((feed, i) => {
    const title = feed.title ? `*${mrkdwnText(feed.title, 100)}* ` : '';
    const state = feed.lastError ? `:warning: ${mrkdwnText(feed.lastError, 300)}` : feed.lastOkAt ? `read ${readerDate(feed.lastOkAt)}` : 'not read yet';
    return `${i + 1}. ${title}${mrkdwnText(feed.url, 300)}\n      ${state}`;
  });
  const next = input.nextDigestAt ? `\nNext digest: ${readerDate(input.nextDigestAt)}.` : '';
  return { text: `*Feeds ${name} follows*\n${lines.join('\n')}${next}` };
}

/** What an organiser is told of a talk idea. */
export function talkIdeaNotice(input: { post: PostView; by: string; note: string; channelId: string }): { text: string } {
  const note = input.note ? `\n> ${mrkdwnText(input.note, 500)}` : '';
  return { text: `<@${input.by}> proposes a talk on ${postTitle(input.post)} (${mrkdwnText(input.post.source, 80)}) in <#${input.channelId}>.${note}\n\`/guild ideas proposals\` lists the talk ideas; \`/guild event\` plans one.` };
}

export interface ProposalLine {
  post: PostView;
  by: string;
  note: string;
  createdAt: Date;
}

/** `/guild ideas proposals`: the newest talk ideas, for organisers. */
export function proposalsMessage(input: { communityName: string; proposals: ProposalLine[] }): { text: string } {
  const name = mrkdwnText(input.communityName, 80);
  if (input.proposals.length === 0) return { text: `No talk ideas in *${name}* yet. Members propose them from the weekly digest.` };
  const lines = input.proposals.map((p) => `• ${postTitle(p.post)} · <@${p.by}> · ${readerDate(p.createdAt)}${p.note ? `\n    _${mrkdwnText(p.note, 200)}_` : ''}`);
  return { text: `*Talk ideas in ${name}*, newest first\n${lines.join('\n')}` };
}
