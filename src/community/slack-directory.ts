/** What Guild needs to know about a Slack user, read from Slack (users.info). */
export interface SlackUserFacts {
  id: string;
  name: string;
  timeZone?: string;
  deleted: boolean;
  isBot: boolean;
}

/** What Guild needs to know about a conversation, read from Slack (conversations.info). */
export interface SlackChannelFacts {
  id: string;
  name: string;
  isPrivate: boolean;
  /** Whether Guild's bot is in it: Slack sends events only from conversations it is in. */
  isMember: boolean;
}

/**
 * Port through which the domain asks Slack about people and channels. The Slack layer
 * implements it with the Web API; the domain never sees a Slack client.
 */
export interface SlackDirectory {
  /** Undefined when Slack has no such user. */
  user(userId: string): Promise<SlackUserFacts | undefined>;
  /** Undefined when Slack has no such conversation, or it is private and Guild is not in it. */
  channel(channelId: string): Promise<SlackChannelFacts | undefined>;
  /** Joins a public channel (scope channels:join). */
  join(channelId: string): Promise<void>;
}
