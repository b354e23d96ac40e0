import { mrkdwnText } from '../slack/kit/text';

/**
 * Domain errors: each says, in words an organiser or member understands, what went wrong and
 * how to fix it. Listeners show `message` to the person who acted; nothing was changed.
 */
export class GuildError extends Error {
  /**
   * The form field the problem is about, when it came from a form: the listener shows the
   * message beside that field instead of guessing it from the wording.
   */
  readonly field?: string;

  constructor(message: string, options: { field?: string } = {}) {
    super(message);
    this.name = new.target.name;
    if (options.field) this.field = options.field;
  }
}

export class NotACommunityError extends GuildError {
  constructor() {
    super('This channel is not a Guild community yet. An organiser can make it one with `/guild setup`.');
  }
}

export class AlreadyACommunityError extends GuildError {
  constructor(name: string) {
    super(`This channel is already the *${mrkdwnText(name, 80)}* community. See its organisers with \`/guild organisers\`.`);
  }
}

export class NotInChannelError extends GuildError {
  constructor(command: string) {
    super(`\`${command}\` works in a channel: run it in the channel your community uses, not in a direct message.`);
  }
}

/** Guild cannot act in a private channel it has not been invited to, nor hear anything from it. */
export class GuildNotInChannelError extends GuildError {
  constructor() {
    super('Guild is not in this channel yet, so it cannot post here or hear replies. Invite it with `/invite @Guild`, then try again.');
  }
}

export class NotOrganiserError extends GuildError {
  constructor(action: string) {
    super(`Only this community's organisers can ${action}. See who they are with \`/guild organisers\`.`);
  }
}

export class NotMemberError extends GuildError {
  constructor(who: 'you' | 'they' = 'you') {
    super(who === 'you' ? 'You are not a member of this community. Join with `/guild join`.' : 'That person is not a member of this community.');
  }
}

export class AlreadyMemberError extends GuildError {
  constructor() {
    super('You are already a member of this community. Edit your profile with `/guild profile`.');
  }
}

export class LastOrganiserError extends GuildError {
  constructor(what: 'leave' | 'remove') {
    super(
      what === 'leave'
        ? 'You are this community\'s only organiser. Add another with `/guild organisers add @someone` before you leave.'
        : 'A community needs at least one organiser. Add another with `/guild organisers add @someone` first.',
    );
  }
}

export class PersonUnavailableError extends GuildError {
  constructor(reason: 'deactivated' | 'bot' | 'unknown') {
    const text = {
      deactivated: 'That person\'s Slack account has been deactivated.',
      bot: 'Bots and apps cannot be organisers.',
      unknown: 'Slack does not know that person. Mention them with @ so Slack links the name.',
    }[reason];
    super(text);
  }
}

export class TopicError extends GuildError {}

/** A form with problems, field by field. */
export class ValidationError extends GuildError {
  constructor(readonly fields: Record<string, string>) {
    super(Object.values(fields).join(' '));
  }
}
