/** What a renderer needs to know about the workspace and the person looking. */
export interface ViewerContext {
  /** The person looking: mentions of them are highlighted, dates are in their zone. */
  viewer: string;
  timeZone: string;
  /** The workspace's time, for "today" and "ago" in dates. */
  now: Date;
  userName(id: string): string | undefined;
  channelName(id: string): string | undefined;
}
