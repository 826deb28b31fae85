import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readOutbox } from '../../infra/local/cognito-local';
import { api } from '../integration/harness';
import {
  type ChatPage,
  type ChatSite,
  launchChromium,
  messageRows,
  openChat,
  outboxCode,
  screenshot,
  sendWithEnter,
  seriousViolations,
  startChatSite,
  waitForConnection,
} from './browser';

let site: ChatSite;
let browser: Browser;
let contexts: BrowserContext[] = [];

const poll = { timeout: 30_000 };
const password = 'Correct-horse-1';

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

/** A fresh browser (own sessionStorage) on the sign-in screen, once the account card is there. */
async function visitor(viewport = { width: 1100, height: 720 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(site.siteUrl);
  await page.getByTestId('account-username').waitFor();
  return page;
}

async function guest(name: string): Promise<ChatPage> {
  const chat = await openChat(browser, site.siteUrl, name);
  contexts.push(chat.context);
  return chat;
}

const codeFor = (username: string, after = 0) => outboxCode(site, username, { after, timeout: poll.timeout });

const codesFor = async (username: string) =>
  (await readOutbox(site.cloud.outboxFile)).filter((m) => m.username === username).length;

const focusedTestId = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
const errorText = (page: Page) => page.getByTestId('account-error').textContent();

async function signUp(page: Page, username: string, pass = password): Promise<void> {
  await page.getByTestId('create-account-link').click();
  await page.getByTestId('sign-up-username').fill(username);
  await page.getByTestId('sign-up-email').fill(`${username.toLowerCase()}@example.com`);
  await page.getByTestId('sign-up-password').fill(pass);
  await page.getByTestId('sign-up-button').click();
}

async function signIn(page: Page, username: string, pass = password): Promise<void> {
  await page.getByTestId('account-username').fill(username);
  await page.getByTestId('account-password').fill(pass);
  await page.getByTestId('account-sign-in-button').click();
}

/** The session the page keeps in sessionStorage (its access token is `token`). */
async function storedSession(
  page: Page,
): Promise<{ token?: string; kind?: string; refreshToken?: string; expiresAt?: string }> {
  return JSON.parse((await page.evaluate(() => sessionStorage.getItem('chatty.session'))) ?? '{}');
}

describe('accounts in the page', () => {
  it('creates an account, verifies it with the e-mailed code, signs in, chats with a guest and signs out', async () => {
    const page = await visitor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('create-account-link').click();
    expect(await focusedTestId(page)).toBe('sign-up-username');
    expect(await page.getByTestId('name-input').isVisible()).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);

    // A password the pool refuses: the policy is stated and the focus goes back to the password.
    await page.getByTestId('sign-up-username').fill('Ada');
    await page.getByTestId('sign-up-email').fill('ada@example.com');
    await page.getByTestId('sign-up-password').fill('short');
    await page.getByTestId('sign-up-button').click();
    expect(await errorText(page)).toContain('at least 8 characters');
    expect(await focusedTestId(page)).toBe('sign-up-password');
    expect(await page.getByTestId('sign-up-password').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('sign-up-password').fill(password);
    await page.getByTestId('sign-up-button').click();
    await page.getByTestId('confirm-code').waitFor();
    expect(await page.getByTestId('account-info').textContent()).toContain('We sent a code');
    expect(await focusedTestId(page)).toBe('confirm-code');
    expect(await seriousViolations(page)).toEqual([]);

    const code = await codeFor('Ada');
    await page.getByTestId('confirm-code').fill(code === '000000' ? '111111' : '000000');
    await page.getByTestId('confirm-button').click();
    await expect.poll(() => errorText(page), poll).toContain('That code is not right');
    expect(await focusedTestId(page)).toBe('confirm-code');
    await page.getByTestId('confirm-code').fill(code);
    await page.getByTestId('confirm-button').click();

    // Verified: the sign-in form, the username kept, the focus on the password.
    await page.getByTestId('account-password').waitFor();
    expect(await page.getByTestId('account-info').textContent()).toContain('verified');
    expect(await page.getByTestId('account-username').inputValue()).toBe('Ada');
    expect(await focusedTestId(page)).toBe('account-password');
    await page.getByTestId('account-password').fill('Wrong-horse-1');
    await page.getByTestId('account-sign-in-button').click();
    await expect.poll(() => errorText(page), poll).toBe('Wrong username or password.');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('account-password').fill(password);
    await page.getByTestId('account-sign-in-button').click();
    await waitForConnection(page, 'online');
    expect(await page.locator('#me-name').textContent()).toBe('Ada');
    const session = await storedSession(page);
    expect(session).toMatchObject({ kind: 'account', refreshToken: expect.any(String) });
    expect(await seriousViolations(page)).toEqual([]);

    // A guest in another browser: each sees the other's message, the account's not marked as a guest's.
    const ben = await guest('Ben');
    await sendWithEnter(page, 'hello from an account');
    await sendWithEnter(ben.page, 'hello from a guest');
    const marks = (p: Page) =>
      messageRows(p).evaluateAll((rows) =>
        rows
          .filter((row) => row.getAttribute('data-sender') !== 'Pyro')
          .map((row) => ({
            sender: row.getAttribute('data-sender'),
            type: row.getAttribute('data-sender-type'),
            badge: row.querySelector('.meta .badge')?.textContent ?? '',
            text: row.querySelector('.text')?.textContent ?? '',
          })),
      );
    const expected = [
      { sender: 'Ada', type: 'user', badge: '', text: 'hello from an account' },
      { sender: 'Ben', type: 'guest', badge: 'guest', text: 'hello from a guest' },
    ];
    await expect.poll(() => marks(ben.page), poll).toEqual(expected);
    await expect.poll(() => marks(page), poll).toEqual(expected);
    await screenshot(page, 'account-chat');

    // Sign out: back to the sign-in form (username kept), the tokens forgotten, and refused by the server.
    await page.getByTestId('sign-out-button').click();
    await page.getByTestId('account-password').waitFor();
    expect(await page.getByTestId('account-username').inputValue()).toBe('Ada');
    expect(await page.evaluate(() => sessionStorage.getItem('chatty.session'))).toBeNull();
    await expect
      .poll(
        async () =>
          (
            await api(site.cloud, 'POST', '/rooms/lobby/messages', {
              token: session.token,
              body: { text: 'still here?' },
            })
          ).status,
        poll,
      )
      .toBe(401);
  });

  it('says a username is taken, and sends an unverified account to the code step with a new code', async () => {
    const page = await visitor();
    await signUp(page, 'Cy');
    await page.getByTestId('confirm-code').waitFor();
    const first = await codeFor('Cy');

    const again = await visitor();
    await signUp(again, 'Cy');
    await expect.poll(() => errorText(again), poll).toBe('That username is taken. Pick another.');
    expect(await focusedTestId(again)).toBe('sign-up-username');
    // A look-alike: Chatty's PreSignUp trigger refuses it, and the page gives its reason.
    await again.getByTestId('sign-up-username').fill('cY');
    await again.getByTestId('sign-up-button').click();
    await expect.poll(() => errorText(again), poll).toBe('That name is taken. Pick another.');
    expect(await focusedTestId(again)).toBe('sign-up-username');

    await again.getByRole('button', { name: 'I have an account: sign in' }).click();
    await signIn(again, 'Cy');
    await again.getByTestId('confirm-code').waitFor();
    expect(await errorText(again)).toContain('not verified yet');
    expect(await seriousViolations(again)).toEqual([]);

    const before = await codesFor('Cy');
    await again.getByTestId('resend-code-button').click();
    await expect
      .poll(() => again.getByTestId('account-info').textContent(), poll)
      .toContain('We sent a new code');
    const second = await codeFor('Cy', before);
    expect(second).toMatch(/^\d{6}$/);
    // The first code may happen to repeat; only the newest is checked.
    expect(first).toMatch(/^\d{6}$/);
    await again.getByTestId('confirm-code').fill(second);
    await again.getByTestId('confirm-button').click();
    await again.getByTestId('account-password').waitFor();
    await again.getByTestId('account-password').fill(password);
    await again.getByTestId('account-sign-in-button').click();
    await waitForConnection(again, 'online');
  });

  it('resets a forgotten password with the e-mailed code', async () => {
    const page = await visitor();
    await signUp(page, 'Dee');
    await page.getByTestId('confirm-code').fill(await codeFor('Dee'));
    await page.getByTestId('confirm-button').click();
    await page.getByTestId('account-password').waitFor();

    await page.getByTestId('forgot-link').click();
    expect(await page.getByTestId('forgot-username').inputValue()).toBe('Dee');
    expect(await seriousViolations(page)).toEqual([]);
    const before = await codesFor('Dee');
    await page.getByTestId('forgot-button').click();
    await page.getByTestId('reset-code').waitFor();
    expect(await focusedTestId(page)).toBe('reset-code');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('reset-code').fill(await codeFor('Dee', before));
    await page.getByTestId('reset-password').fill('Another-horse-2');
    await page.getByTestId('reset-button').click();
    await page.getByTestId('account-password').waitFor();
    expect(await page.getByTestId('account-info').textContent()).toContain('password is changed');

    await signIn(page, 'Dee', 'Another-horse-2');
    await waitForConnection(page, 'online');
  });

  it('refreshes the access token before it expires, and catches up after a reconnect with each message once', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
    contexts.push(context);
    const page = await context.newPage();
    // The page's clock, to reach the refresh without waiting an hour (it keeps running at real speed).
    await page.clock.install();
    // The sockets the page opens, by URL (the token is in its query).
    const socketUrls: string[] = [];
    page.on('websocket', (ws) => socketUrls.push(ws.url()));
    await page.goto(site.siteUrl);
    await page.getByTestId('account-username').waitFor();
    await signUp(page, 'Fay');
    await page.getByTestId('confirm-code').fill(await codeFor('Fay'));
    await page.getByTestId('confirm-button').click();
    await page.getByTestId('account-password').waitFor();
    await signIn(page, 'Fay');
    await waitForConnection(page, 'online');
    const first = await storedSession(page);
    const gus = await guest('Gus');

    // Just past the planned refresh (five minutes before `exp`), short of the expiry itself.
    const untilRefresh = await page.evaluate(
      (expiresAt) => Date.parse(expiresAt) - Date.now() - 5 * 60_000 + 1000,
      first.expiresAt ?? '',
    );
    await page.clock.fastForward(untilRefresh);
    await expect.poll(async () => (await storedSession(page)).token, poll).not.toBe(first.token);
    expect((await storedSession(page)).refreshToken).toBe(first.refreshToken);
    // The socket is opened again with the new token: the server lets a socket post only until the expiry of the
    // token that opened it.
    const renewed = encodeURIComponent((await storedSession(page)).token ?? '');
    await expect.poll(() => socketUrls.some((url) => url.includes(renewed)), poll).toBe(true);
    await waitForConnection(page, 'online');

    // The socket drops (the page's `offline` handler); Gus speaks meanwhile; back online, Fay catches up.
    await context.setOffline(true);
    await waitForConnection(page, 'offline');
    await sendWithEnter(gus.page, 'while you were away');
    await context.setOffline(false);
    await waitForConnection(page, 'online');
    await sendWithEnter(page, 'back with a new token');
    // The lobby also holds the earlier tests' messages: only these two people's are compared.
    const people = (p: Page) =>
      messageRows(p).evaluateAll((rows) =>
        rows
          .filter((row) => ['Fay', 'Gus'].includes(row.getAttribute('data-sender') ?? ''))
          .map(
            (row) =>
              `${row.getAttribute('data-sender')}/${row.getAttribute('data-sender-type')}: ${row.querySelector('.text')?.textContent}`,
          ),
      );
    const expected = ['Gus/guest: while you were away', 'Fay/user: back with a new token'];
    await expect.poll(() => people(page), poll).toEqual(expected);
    await expect.poll(() => people(gus.page), poll).toEqual(expected);
  });

  it('is usable by keyboard alone on a phone-size screen', async () => {
    const page = await visitor({ width: 390, height: 844 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(await overflow()).toBe(false);
    // The first stop after the skip link is the username field; Tab moves on to the password, Enter submits.
    await page.getByTestId('account-username').focus();
    await page.keyboard.type('Eve');
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('account-password');
    await page.keyboard.type('whatever-1A');
    await page.keyboard.press('Enter');
    await expect.poll(() => errorText(page), poll).toBe('Wrong username or password.');
    expect(await focusedTestId(page)).toBe('account-password');

    // To the sign-up form by keyboard: Tab past the button and "Forgot your password?", then Enter.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('create-account-link');
    await page.keyboard.press('Enter');
    // The username typed so far comes along: the focus goes to the first field left to fill.
    expect(await page.getByTestId('sign-up-username').inputValue()).toBe('Eve');
    expect(await focusedTestId(page)).toBe('sign-up-email');
    expect(await overflow()).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'account-sign-up-phone');
  });
});
