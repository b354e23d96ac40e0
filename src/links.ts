/**
 * Where people reach Guild from outside Slack (a calendar app fetching a feed): GUILD_PUBLIC_URL
 * when set, else the address Guild's HTTP server listens on, known once it started.
 */
export interface Links {
  /** The base URL, without a trailing slash. Throws before the HTTP server listens, if no public URL is set. */
  base(): string;
  /** An absolute URL for a path such as `/calendar/abc.ics`. */
  to(path: string): string;
}

export class PublicLinks implements Links {
  private listening: string | undefined;

  constructor(private readonly configured: string | undefined) {}

  /** Told once by the composition root, when the HTTP server listens. */
  listeningAt(url: string): void {
    this.listening = url;
  }

  base(): string {
    const base = this.configured ?? this.listening;
    if (base === undefined) throw new Error('Guild\'s public URL is not known yet: set GUILD_PUBLIC_URL, or ask once the HTTP server listens');
    return base.replace(/\/+$/, '');
  }

  to(path: string): string {
    return `${this.base()}${path.startsWith('/') ? path : `/${path}`}`;
  }
}
