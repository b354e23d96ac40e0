import { parseBookClubCommand } from '../../../../../src/rituals/events/bookclub/bookclub.command';

describe('/guild bookclub', () => {
  it('reads its subcommands', () => {
    expect(parseBookClubCommand([])).toEqual({ ok: true, command: { kind: 'list' } });
    expect(parseBookClubCommand(['LIST'])).toEqual({ ok: true, command: { kind: 'list' } });
    expect(parseBookClubCommand(['suggest'])).toEqual({ ok: true, command: { kind: 'suggest' } });
    expect(parseBookClubCommand(['vote'])).toEqual({ ok: true, command: { kind: 'vote' } });
    expect(parseBookClubCommand(['close-vote'])).toEqual({ ok: true, command: { kind: 'closeVote', minMembers: 5 } });
    expect(parseBookClubCommand(['close-vote', '3'])).toEqual({ ok: true, command: { kind: 'closeVote', minMembers: 3 } });
  });

  it('says what was wrong with anything else', () => {
    expect(parseBookClubCommand(['read'])).toEqual({ ok: false, problem: expect.stringContaining("I don't know `/guild bookclub read`") });
    expect(parseBookClubCommand(['suggest', 'Dune'])).toEqual({ ok: false, problem: expect.stringContaining('takes nothing after it') });
    expect(parseBookClubCommand(['close-vote', '1'])).toEqual({ ok: false, problem: expect.stringContaining('2 to 100 members') });
    expect(parseBookClubCommand(['close-vote', '3', '4'])).toEqual({ ok: false, problem: expect.stringContaining('at most one number') });
  });
});
