/** What Guild needs to know about a Slack user, read from Slack (users.info). */
export interface SlackUserFacts {
  id: string;
  name: string;
  timeZone?: string;
  deleted: boolean;
  isBot: boolean;
}

/**
 * Port through which the domain asks Slack about people. The Slack layer implements it with the
 * Web API; the domain never sees a Slack client.
 */
export interface SlackDirectory {
  /** Undefined when Slack has no such user. */
  user(userId: string): Promise<SlackUserFacts | undefined>;
}
