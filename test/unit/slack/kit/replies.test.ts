import { GuildError, NotMemberError } from '../../../../src/community/community.errors';
import { UNEXPECTED_ERROR_TEXT } from '../../../../src/community/community.views';
import { RetroError } from '../../../../src/rituals/retro/retro.errors';
import { ScheduleError } from '../../../../src/scheduler/schedules';
import { ephemeral, errorText, formErrors } from '../../../../src/slack/kit/replies';
import { capturingLogger } from '../../../support/listener-fakes';

describe('replies', () => {
  it('answers ephemerally, leaving the clicked message as it was', () => {
    expect(ephemeral('Counted.')).toEqual({ response_type: 'ephemeral', replace_original: false, text: 'Counted.' });
  });

  it('keeps a form open with errors beside their fields', () => {
    expect(formErrors({ text: 'An item needs some text.' })).toEqual({ response_action: 'errors', errors: { text: 'An item needs some text.' } });
  });

  describe('errorText', () => {
    it.each([
      ['a domain error', new NotMemberError()],
      ['a retro error', new RetroError('This retro is closed.')],
      ['a schedule error', new ScheduleError('That schedule has ended.')],
    ])('lets %s explain itself, without logging it', (_, err) => {
      const { logger, lines } = capturingLogger();
      expect(errorText(err, logger, { userId: 'U0ADA' })).toBe(err.message);
      expect(lines).toEqual([]);
    });

    it.each([
      ['an Error', new Error('connection reset')],
      ['a thrown string', 'boom'],
    ])('apologises for %s and logs it with its context', (_, err) => {
      const { logger, lines } = capturingLogger();
      expect(errorText(err, logger, { userId: 'U0ADA', retroId: 7 })).toBe(UNEXPECTED_ERROR_TEXT);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: 50, msg: 'action failed', userId: 'U0ADA', retroId: 7 });
      expect(lines[0]!.err).toBeDefined();
    });

    it('apologises for an unreachable database without an error line per request (the outage is logged once elsewhere)', () => {
      const { logger, lines } = capturingLogger();
      const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      expect(errorText(err, logger, { userId: 'U0ADA' })).toBe(UNEXPECTED_ERROR_TEXT);
      expect(lines.filter((l) => (l.level as number) >= 40)).toEqual([]);
    });
  });

});
