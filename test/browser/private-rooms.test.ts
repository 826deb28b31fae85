/**
 * Issue 16 in the page: two accounts and a guest. Ada makes a private room the guest never sees, opens a direct
 * message with Grace (listed under direct messages, titled by the other person), adds Grace to the private room
 * and they chat there; in a public room of Ada's she mutes the guest (whose message is refused with the time the
 * mute ends) and removes him (his page moves to the lobby with a notice); she deletes Grace's message as the
 * room's owner and reads the moderation log. axe-core on every new view.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChatSite,
  expectNoSeriousViolations,
  launchChromium,
  messageRows,
  openChat,
  outboxCode,
  screenshot,
  sendWithEnter,
  startChatSite,
  waitForConnection,
} from './browser';

let site: ChatSite;
let browser: Browser;
let contexts: BrowserContext[] = [];

const poll = { timeout: 20_000 };
const password = 'Correct-horse-1';
const codeFor = (username: string) => outboxCode(site, username, { timeout: poll.timeout });

beforeAll(async () => {
  [site, browser] = await Promise.all([startChatSite(), launchChromium()]);
});

afterEach(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  contexts = [];
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

/** Signs up, verifies with the outbox's code and signs in: the chat, online. */
async function account(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  await page.goto(site.siteUrl);
  await page.getByTestId('create-account-link').click();
  await page.getByTestId('sign-up-username').fill(username);
  await page.getByTestId('sign-up-email').fill(`${username.toLowerCase()}@example.com`);
  await page.getByTestId('sign-up-password').fill(password);
  await page.getByTestId('sign-up-button').click();
  await page.getByTestId('confirm-code').fill(await codeFor(username));
  await page.getByTestId('confirm-button').click();
  await page.getByTestId('account-password').waitFor();
  await page.getByTestId('account-password').fill(password);
  await page.getByTestId('account-sign-in-button').click();
  await waitForConnection(page, 'online');
  return page;
}

const opened = (page: Page) =>
  page.locator('[data-testid="room"][aria-current="page"]').getAttribute('data-room-id');

/** Each room a list shows (room-list or dm-list): its id and its label (without its counts). */
const listed = (page: Page, list: 'room-list' | 'dm-list') =>
  page
    .getByTestId(list)
    .getByTestId('room')
    .evaluateAll((items) =>
      items.map((b) => `${b.getAttribute('data-room-id')}|${b.querySelector('.room-name')?.textContent}`),
    );

/**
 * Reloads until `check` holds: GET /rooms's index of a person's rooms is eventually consistent, and the page reads
 * the list once, at load. Each load gets a few seconds for its list to arrive before the next reload.
 */
async function reloadUntil(page: Page, check: () => Promise<boolean>): Promise<void> {
  for (let load = 0; load < 6; load++) {
    try {
      await expect.poll(check, { timeout: 4_000 }).toBe(true);
      return;
    } catch {
      await page.reload();
      await waitForConnection(page, 'online');
    }
  }
  await expect.poll(check, poll).toBe(true);
}

const openRoom = async (page: Page, roomId: string) => {
  await page.locator(`[data-testid="room"][data-room-id="${roomId}"]`).click();
  await expect.poll(() => opened(page), poll).toBe(roomId);
};

const texts = (page: Page) =>
  messageRows(page).evaluateAll((rows) =>
    rows.map(
      (r) => `${r.getAttribute('data-sender')}: ${r.querySelector('.text, .tombstone')?.textContent ?? ''}`,
    ),
  );

const row = (page: Page, sender: string, text: string) =>
  messageRows(page)
    .and(page.locator(`[data-sender="${sender}"]`))
    .filter({ hasText: text })
    .first();

describe('private rooms, direct messages and moderation in the page', () => {
  it('keeps a private room from a guest, opens a direct message, adds a member, mutes, removes and deletes', async () => {
    const [ada, grace] = await Promise.all([account('Ada'), account('Grace')]);
    const linus = await openChat(browser, site.siteUrl, 'Linus');
    contexts.push(linus.context);
    const guest = linus.page;
    guest.on('dialog', (d) => void d.accept());

    // A guest is offered public rooms only, and told why; direct messages say they are for accounts.
    expect(await guest.getByTestId('visibility-private').isDisabled()).toBe(true);
    expect(await guest.getByTestId('visibility-private-hint').textContent()).toContain('need an account');
    expect(await guest.getByTestId('new-dm-error').textContent()).toContain('for accounts');
    await expectNoSeriousViolations(guest, 'guest: new room and direct messages');

    // Ada makes a private room: listed with the lock and the word, and its title says so.
    await ada.getByTestId('new-room-input').fill('Book Club');
    await ada.getByTestId('visibility-private').check();
    await ada.getByTestId('new-room-button').click();
    await expect.poll(() => opened(ada), poll).toBe('book-club');
    const clubButton = ada.locator('[data-testid="room"][data-room-id="book-club"]');
    expect(await clubButton.getAttribute('data-private')).toBe('true');
    expect(await clubButton.textContent()).toContain('private');
    expect(await ada.locator('#room-title').textContent()).toBe('# Book Club (private)');
    await expect
      .poll(() => ada.getByTestId('role-list').getByTestId('role').getAttribute('data-role'), poll)
      .toBe('owner');
    expect(await ada.getByTestId('access-standing').textContent()).toBe('You own this room.');
    await expectNoSeriousViolations(ada, 'owner of a private room: the roles panel');
    await sendWithEnter(ada, 'only for the club');

    // The guest never sees it: not listed, and its address reads as no room at all.
    await guest.reload();
    await waitForConnection(guest, 'online');
    expect((await listed(guest, 'room-list')).some((r) => r.startsWith('book-club|'))).toBe(false);
    await guest.evaluate(() => {
      location.hash = '#book-club';
    });
    await expect
      .poll(() => guest.getByTestId('error-banner').textContent(), poll)
      // The history's 404 or the socket's room_not_found, whichever comes last: both say there is no such room.
      .toMatch(/does not exist|There is no room/);
    await expect.poll(() => opened(guest), poll).toBe('lobby');
    expect(await texts(guest)).not.toContain('Ada: only for the club');

    // Direct messages: the errors in words, then one with Grace.
    await ada.getByTestId('new-dm-input').fill('Nobody');
    await ada.getByTestId('new-dm-button').click();
    await expect
      .poll(() => ada.getByTestId('new-dm-error').textContent(), poll)
      .toContain('No account is named');
    await ada.getByTestId('new-dm-input').fill('ada');
    await ada.getByTestId('new-dm-button').click();
    await expect.poll(() => ada.getByTestId('new-dm-error').textContent(), poll).toContain('That is you');
    await ada.getByTestId('new-dm-input').fill('Grace');
    await ada.getByTestId('new-dm-button').click();
    await expect.poll(() => ada.locator('#room-title').textContent(), poll).toBe('Direct message with Grace');
    const dmId = (await opened(ada)) ?? '';
    expect(dmId).toMatch(/^dm-[0-9a-f]{24}$/);
    expect(await listed(ada, 'dm-list')).toEqual([`${dmId}|@ Grace`]);
    expect((await listed(ada, 'room-list')).some((r) => r.startsWith(`${dmId}|`))).toBe(false);
    await expectNoSeriousViolations(ada, 'a direct message');
    await sendWithEnter(ada, 'hello Grace');

    // Grace finds it under direct messages, titled by Ada, and answers.
    await reloadUntil(grace, async () => (await listed(grace, 'dm-list')).includes(`${dmId}|@ Ada`));
    await openRoom(grace, dmId);
    await expect.poll(() => texts(grace), poll).toContain('Ada: hello Grace');
    await sendWithEnter(grace, 'hi Ada');
    await expect.poll(() => texts(ada), poll).toContain('Grace: hi Ada');

    // Ada adds Grace to the private room; Grace sees it and they chat.
    await openRoom(ada, 'book-club');
    await ada.getByTestId('manage-room-toggle').click();
    await ada.getByTestId('add-member-name').fill('Nobody');
    await ada.getByTestId('add-member-button').click();
    await expect
      .poll(() => ada.getByTestId('access-error').textContent(), poll)
      .toContain('No account is named');
    await ada.getByTestId('add-member-name').fill('Grace');
    await ada.getByTestId('add-member-role').selectOption('member');
    await ada.getByTestId('add-member-button').click();
    await expect
      .poll(() => ada.locator('[data-testid="role"][data-name="Grace"]').getAttribute('data-role'), poll)
      .toBe('member');
    expect(await ada.getByTestId('access-done').textContent()).toContain('Grace is now a member');
    await reloadUntil(grace, async () =>
      (await listed(grace, 'room-list')).some((r) => r.startsWith('book-club|')),
    );
    await openRoom(grace, 'book-club');
    await expect.poll(() => texts(grace), poll).toContain('Ada: only for the club');
    // The roles are read on opening the room: Grace is a member, who may leave.
    await expect
      .poll(() => grace.getByTestId('access-standing').textContent(), poll)
      .toBe('You are a member of this room.');
    expect(await grace.getByTestId('leave-room-button').isVisible()).toBe(true);
    await sendWithEnter(grace, 'glad to be here');
    await expect.poll(() => texts(ada), poll).toContain('Grace: glad to be here');
    await expectNoSeriousViolations(grace, 'a member of a private room');

    // Ada deletes Grace's message as the room's owner: a tombstone for both.
    const graceRow = row(ada, 'Grace', 'glad to be here');
    await graceRow.hover();
    await graceRow.getByTestId('delete-button').click();
    await expect.poll(() => texts(ada), poll).toContain('Grace: This message was deleted.');
    await expect.poll(() => texts(grace), poll).toContain('Grace: This message was deleted.');

    // A public room of Ada's: the guest comes in and talks.
    await ada.getByTestId('new-room-input').fill('Open Hall');
    await ada.getByTestId('visibility-public').check();
    await ada.getByTestId('new-room-button').click();
    await expect.poll(() => opened(ada), poll).toBe('open-hall');
    await guest.evaluate(() => {
      location.hash = '#open-hall';
    });
    await expect.poll(() => opened(guest), poll).toBe('open-hall');
    await sendWithEnter(guest, 'buy my stuff');
    await expect.poll(() => texts(ada), poll).toContain('Linus: buy my stuff');

    // Ada mutes him from his message's Moderate button, by keyboard: the form takes his name and the focus.
    const spam = row(ada, 'Linus', 'buy my stuff');
    await spam.hover();
    await spam.getByTestId('moderate-button').focus();
    await ada.keyboard.press('Enter');
    expect(await ada.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'moderate-name',
    );
    expect(await ada.getByTestId('moderate-name').inputValue()).toBe('Linus');
    await ada.getByTestId('moderate-minutes').fill('5');
    await ada.getByTestId('mute-button').click();
    await expect.poll(() => ada.getByTestId('access-done').textContent(), poll).toContain('Linus is muted');
    await expectNoSeriousViolations(ada, 'moderator of a public room: the moderation form');

    // His next message is refused, and the box says until when.
    await sendWithEnter(guest, 'still selling');
    await expect
      .poll(() => guest.getByTestId('composer-notice').textContent(), poll)
      .toMatch(/^You are muted until /);
    await expect
      .poll(() => row(guest, 'Linus', 'still selling').getAttribute('data-state'), poll)
      .toBe('failed');
    expect(await row(guest, 'Linus', 'still selling').textContent()).toContain('You are muted until');
    await expectNoSeriousViolations(guest, 'a muted guest');

    // Removed with a reason: his page moves to the lobby and says why.
    await ada.getByTestId('moderate-name').fill('Linus');
    await ada.getByTestId('moderate-minutes').fill('60');
    await ada.getByTestId('moderate-reason').fill('spam');
    await ada.getByTestId('remove-button').click();
    await expect.poll(() => guest.getByTestId('room-notice').isVisible(), poll).toBe(true);
    const notice = (await guest.getByTestId('room-notice').textContent()) ?? '';
    expect(notice).toContain('A moderator removed you from # Open Hall.');
    expect(notice).toContain('Reason: spam.');
    expect(notice).toContain('You can come back at');
    expect(await guest.getByTestId('room-notice').getAttribute('role')).toBe('alert');
    await expect.poll(() => opened(guest), poll).toBe('lobby');
    await expectNoSeriousViolations(guest, 'the removal notice');
    await screenshot(guest, 'removed-notice');
    await guest.getByTestId('room-notice').getByRole('button', { name: 'Dismiss the notice' }).click();
    expect(await guest.getByTestId('room-notice').isVisible()).toBe(false);

    // The moderation log, for Ada: newest first.
    await ada.getByTestId('show-log-button').click();
    await expect
      .poll(
        () =>
          ada
            .getByTestId('moderation-log')
            .getByTestId('log-entry')
            .evaluateAll((items) => items.map((i) => i.getAttribute('data-action'))),
        poll,
      )
      .toEqual(['remove', 'mute']);
    expect(await ada.getByTestId('show-log-button').getAttribute('aria-expanded')).toBe('true');
    expect(await ada.getByTestId('moderation-log').textContent()).toContain('Ada removed Linus');
    await expectNoSeriousViolations(ada, 'the moderation log');
    await openRoom(ada, 'book-club');
    await ada.getByTestId('show-log-button').click();
    await expect
      .poll(
        () =>
          ada
            .getByTestId('moderation-log')
            .getByTestId('log-entry')
            .evaluateAll((items) => items.map((i) => i.getAttribute('data-action'))),
        poll,
      )
      .toEqual(['deleteMessage', 'addMember']);
    await screenshot(ada, 'moderation-log');

    // Grace leaves the private room: her page lets go of it, opens the lobby and says so.
    await expect.poll(() => opened(grace), poll).toBe('book-club');
    await grace.getByTestId('leave-room-button').click();
    await expect
      .poll(() => grace.getByTestId('room-notice').textContent(), poll)
      .toContain('You left # Book Club.');
    await expect.poll(() => opened(grace), poll).toBe('lobby');
    expect((await listed(grace, 'room-list')).some((r) => r.startsWith('book-club|'))).toBe(false);
    // Ada's panel shows the roles as they were when she opened the room: opened again, Grace is gone from them.
    await openRoom(ada, 'lobby');
    await openRoom(ada, 'book-club');
    await expect.poll(() => ada.locator('[data-testid="role"][data-name="Grace"]').count(), poll).toBe(0);

    // On a phone: the same views, still without serious findings.
    await ada.setViewportSize({ width: 390, height: 800 });
    await expectNoSeriousViolations(ada, 'phone: a private room with its roles panel and log');
    await screenshot(ada, 'phone-private-room');
  }, 180_000);
});
