import { PublicLinks } from '../../src/links';

describe('PublicLinks', () => {
  it('uses GUILD_PUBLIC_URL over the address Guild listens on, without a doubled slash', () => {
    const links = new PublicLinks('https://guild.example.org/');
    links.listeningAt('http://127.0.0.1:3000');
    expect(links.to('/calendar/x.ics')).toBe('https://guild.example.org/calendar/x.ics');
    expect(links.to('calendar/x.ics')).toBe('https://guild.example.org/calendar/x.ics');
  });

  it('falls back to the listening address, and refuses before there is one', () => {
    const links = new PublicLinks(undefined);
    expect(() => links.base()).toThrow(/GUILD_PUBLIC_URL/);
    links.listeningAt('http://127.0.0.1:4100');
    expect(links.base()).toBe('http://127.0.0.1:4100');
  });
});
