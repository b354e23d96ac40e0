import { z } from 'zod';
import { NotOrganiserError } from '../../../../../src/community/community.errors';
import { onBallotForm, onSuggestForm, onSwapForm } from '../../../../../src/rituals/events/bookclub/bookclub.forms.listeners';
import { BOOK_FIELDS as F, clubValue } from '../../../../../src/rituals/events/bookclub/bookclub.ids';
import type { BookClubListenerDeps } from '../../../../../src/rituals/events/bookclub/bookclub.listener-deps';
import { onCloseClick, onJoinClick } from '../../../../../src/rituals/events/bookclub/bookclub.listeners';
import type { BookClubService } from '../../../../../src/rituals/events/bookclub/bookclub.service';
import { sealedMetadata } from '../../../../../src/slack/kit/metadata';
import { OUT_OF_DATE_TEXT, STALE_FORM_TEXT } from '../../../../../src/slack/kit/replies';
import { ADA, buttonArgs, CallLog, input, submissionArgs, testKit } from '../../../../support/listener-fakes';

/** Book clubs' clicks and forms, called directly: ack first, then the service; problems in the ack. */
describe('book club listeners', () => {
  const SECRET = 'bookclub-listener-secret';
  const id = z.number().int();
  const forms: BookClubListenerDeps['forms'] = {
    channel: sealedMetadata(z.object({ channelId: z.string() }).strict(), SECRET),
    vote: sealedMetadata(z.object({ voteId: id }).strict(), SECRET),
    club: sealedMetadata(z.object({ clubId: id }).strict(), SECRET),
    session: sealedMetadata(z.object({ sessionId: id }).strict(), SECRET),
  };
  const setup = (log: CallLog) => {
    const { kit, messages } = testKit(log);
    const book = {
      votes: {
        memberHere: log.async('votes.memberHere', { id: 1 }),
        titleTaken: log.async('votes.titleTaken', false),
        suggest: log.async('votes.suggest', { suggestion: { id: 3, title: 'Dune', link: 'https://e.org', note: '', suggestedBy: ADA }, voteOpen: false }),
        ballotState: log.async('votes.ballotState', { open: true, candidates: [1, 2] }),
        cast: log.async('votes.cast', [1]),
      },
      clubs: { join: log.async('clubs.join', 'already'), close: log.rejects('clubs.close', new NotOrganiserError('close a book club')) },
      sessions: { swapChoices: log.async('sessions.swapChoices', { session: { id: 5, number: 1 }, members: ['U0GRACE'] }), swap: log.async('sessions.swap', { number: 1 }) },
    };
    const deps: BookClubListenerDeps = { book: book as unknown as BookClubService, kit, forms, now: () => new Date('2026-12-01T10:00:00Z') };
    return { deps, book, messages };
  };

  it('acks a click before the service and answers the clicker alone', async () => {
    const log = new CallLog();
    const { deps } = setup(log);
    const click = buttonArgs(log, clubValue.encode({ clubId: 4 }), 'bookclub_join');
    await onJoinClick(deps)(click.args);
    expect(log.calls).toEqual(['ack', 'clubs.join', 'respond']);
    expect(click.respond).toHaveBeenCalledWith(expect.objectContaining({ response_type: 'ephemeral', text: 'You are in this book club already.' }));
  });

  it('answers an old or forged button as out of date, and a refusal in words', async () => {
    const log = new CallLog();
    const { deps } = setup(log);
    const forged = buttonArgs(log, 'club:4', 'bookclub_join');
    await onJoinClick(deps)(forged.args);
    expect(log.calls).toEqual(['ack', 'respond']);
    expect(forged.respond).toHaveBeenCalledWith(expect.objectContaining({ text: OUT_OF_DATE_TEXT }));
    const refused = buttonArgs(log, clubValue.encode({ clubId: 4 }), 'bookclub_close');
    await onCloseClick(deps)(refused.args);
    expect(refused.respond).toHaveBeenCalledWith(expect.objectContaining({ text: expect.stringMatching(/Only this community's organisers can close a book club/) }));
  });

  const suggestion = (title: string, link: string) => ({ [F.title]: input.text(title), [F.link]: input.text(link), [F.note]: input.text(null), [F.hideName]: input.choices([]) });

  it('refuses a stale form and bad input in the ack, without the service', async () => {
    const log = new CallLog();
    const { deps } = setup(log);
    const stale = submissionArgs(log, { metadata: forms.channel.write({ channelId: 'C1' }, 'U0SOMEONE'), values: suggestion('Dune', 'https://e.org') });
    await onSuggestForm(deps)(stale.args);
    expect(stale.ack).toHaveBeenCalledWith({ response_action: 'errors', errors: { [F.title]: STALE_FORM_TEXT } });
    const bad = submissionArgs(log, { metadata: forms.channel.write({ channelId: 'C1' }, ADA), values: suggestion('', 'ftp://e.org') });
    await onSuggestForm(deps)(bad.args);
    expect(bad.ack).toHaveBeenCalledWith({ response_action: 'errors', errors: { [F.title]: expect.any(String), [F.link]: expect.stringMatching(/http/) } });
    expect(log.calls).toEqual(['ack', 'ack']);
  });

  it('says a title was suggested before beside the title; a new one is stored after the ack and confirmed by DM', async () => {
    const log = new CallLog();
    const { deps, book } = setup(log);
    book.votes.titleTaken.mockResolvedValueOnce(true);
    const again = submissionArgs(log, { metadata: forms.channel.write({ channelId: 'C1' }, ADA), values: suggestion('Dune', 'https://e.org') });
    await onSuggestForm(deps)(again.args);
    expect(again.ack).toHaveBeenCalledWith({ response_action: 'errors', errors: { [F.title]: expect.stringMatching(/suggested in this community already/) } });
    log.calls.length = 0;
    const fresh = submissionArgs(log, { metadata: forms.channel.write({ channelId: 'C1' }, ADA), values: suggestion('Dune', 'https://e.org') });
    await onSuggestForm(deps)(fresh.args);
    expect(log.calls).toEqual(['votes.memberHere', 'votes.titleTaken', 'ack', 'votes.suggest', 'messages.send']);
  });

  it('refuses a ballot once the vote has closed, and a swap with someone who did not join', async () => {
    const log = new CallLog();
    const { deps, book } = setup(log);
    book.votes.ballotState.mockResolvedValueOnce({ open: false, candidates: [1, 2] });
    const late = submissionArgs(log, { metadata: forms.vote.write({ voteId: 7 }, ADA), values: { [F.first]: input.select('1') } });
    await onBallotForm(deps)(late.args);
    expect(late.ack).toHaveBeenCalledWith({ response_action: 'errors', errors: { [F.first]: expect.stringMatching(/This vote has closed/) } });
    const outsider = submissionArgs(log, { metadata: forms.session.write({ sessionId: 5 }, ADA), values: { [F.with]: input.user('U0ORG') } });
    await onSwapForm(deps)(outsider.args);
    expect(outsider.ack).toHaveBeenCalledWith({ response_action: 'errors', errors: { [F.with]: expect.stringMatching(/has not joined this book club/) } });
    expect(book.votes.cast).not.toHaveBeenCalled();
    expect(book.sessions.swap).not.toHaveBeenCalled();
  });
});
