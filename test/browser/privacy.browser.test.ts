import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, openGuildDm, send, useBrowserSandbox } from '../support/browser-sandbox';

/**
 * A member's own data in the sandbox page: Alan joins the coffee groups, asks for his data with
 * `/guild my-data` and downloads the JSON file from his DM with Guild, as he would click it; then
 * he asks Guild to forget him, clicks the red button, accepts Slack's confirmation, and is told it
 * is done. Afterwards Guild holds no profile of his and he is in no community.
 */
describe('my data and forget me in the sandbox page', () => {
  const s = useBrowserSandbox();

  it('downloads a person’s data from their DM, then erases it after the confirmation', async () => {
    const alan = await s.open('alan');
    const alanId = s.idOf('alan');
    await send(alan, '/guild coffee join');
    await alan.locator('.message.ephemeral', { hasText: 'You take part in the coffee groups' }).waitFor({ timeout: 20_000 });

    // My data: the reply in the channel, and the file in his DM with Guild.
    await send(alan, '/guild my-data');
    await alan.locator('.message.ephemeral', { hasText: 'Sent: your data is in your DM with Guild' }).waitFor({ timeout: 20_000 });
    await alan.locator('#sidebar a.unread[data-conversation^="D"]', { hasText: 'Guild' }).waitFor({ timeout: 20_000 });
    await openGuildDm(alan);
    const file = alan.locator('#messages a.file', { hasText: 'Your data in Guild' });
    await file.waitFor({ timeout: 20_000 });
    expect(await alan.locator('#messages article', { hasText: 'Everything Guild stores that mentions you' }).count()).toBeGreaterThan(0);
    await s.screenshot(alan, 'privacy-my-data-dm');
    const [download] = await Promise.all([alan.waitForEvent('download'), file.click()]);
    expect(download.suggestedFilename()).toBe('my-guild-data.json');
    const saved = path.join(ARTIFACTS, 'privacy-my-guild-data.json');
    await download.saveAs(saved);
    const data = JSON.parse(readFileSync(saved, 'utf8')) as Record<string, Record<string, unknown>[]>;
    expect(data.Person?.map((p) => p.id)).toEqual([alanId]);
    expect(JSON.stringify(data.Membership)).toContain(alanId);
    // Only his: no other demo person's id is in the file.
    for (const other of ['ada', 'grace', 'margaret']) expect(JSON.stringify(data)).not.toContain(s.idOf(other));

    // Forget me: the question under the command, the red button, Slack's confirmation (accepted), then the answer in its place.
    await alan.locator(`#sidebar a[data-conversation="${s.channelId('design')}"]`).click();
    await send(alan, '/guild forget-me');
    const question = alan.locator('.message.ephemeral', { hasText: 'This erases your data from every community and ritual here' });
    await question.waitFor({ timeout: 20_000 });
    const erase = question.getByRole('button', { name: 'Erase my data' });
    expect(await erase.getAttribute('hx-confirm')).toContain('This cannot be undone.');
    await s.screenshot(alan, 'privacy-forget-me-question');
    const dialogs: string[] = [];
    alan.on('dialog', (dialog) => void dialogs.push(dialog.message()));
    await erase.click();
    await alan.locator('.message.ephemeral', { hasText: 'Done: your data is erased from Guild. Only anonymous totals remain.' }).waitFor({ timeout: 20_000 });
    expect(dialogs).toEqual([expect.stringContaining('Erase your data?')]);
    // The answer replaced the question.
    expect(await question.count()).toBe(0);
    await s.screenshot(alan, 'privacy-forgotten');

    expect(await s.db.prisma.person.findUnique({ where: { id: alanId } })).toBeNull();
    expect(await s.db.prisma.membership.count({ where: { personId: alanId } })).toBe(0);
    expect(s.sandbox.slack.failedInteractions()).toEqual([]);
  }, 120_000);
});
