/**
 * Two people and what they do with messages (issue 15): reply, react, edit, delete, mention, unread counts and
 * formatting, each page seeing the other's doing live; axe-core on every view along the way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { usageLimits } from '../../infra/spec';
import { api } from '../integration/harness';
import {
  type ChatPage,
  type ChatSite,
  expectNoSeriousViolations,
  launchChromium,
  messageRows,
  screenshot,
  sendWithEnter,
  startChatSite,
  waitForConnection,
} from './browser';

let site: ChatSite;
let browser: Browser;
let open: ChatPage[] = [];

const poll = { timeout: 30_000 };

beforeAll(async () => {
  // Its guests react, edit and delete within a few seconds: they get the accounts' allowance (5, not a guest's 3).
  const limits = { LIMIT_MESSAGE_BURST_GUEST: usageLimits.LIMIT_MESSAGE_BURST_ACCOUNT };
  [site, browser] = await Promise.all([startChatSite(limits), launchChromium()]);
});

afterEach(async () => {
  await Promise.all(open.map((p) => p.context.close()));
  open = [];
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

/**
 * Stand-ins the test controls, installed before the page's script: the tab's visibility (`__setHidden`: headless
 * Chromium's tab is always visible) and the Notification API (records what would be shown; permission starts
 * unanswered, and `requestPermission` grants it and counts the asks).
 */
function controls() {
  let hidden = false;
  Object.defineProperty(document, 'visibilityState', { get: () => (hidden ? 'hidden' : 'visible') });
  Object.defineProperty(document, 'hidden', { get: () => hidden });
  const w = window as unknown as Record<string, unknown>;
  w.__setHidden = (value: boolean) => {
    hidden = value;
    document.dispatchEvent(new Event('visibilitychange'));
  };
  const shown: { title: string; body: string }[] = [];
  const state = { permission: 'default' as NotificationPermission, asks: 0 };
  w.__notifications = shown;
  w.__notificationAsks = () => state.asks;
  class FakeNotification {
    static get permission() {
      return state.permission;
    }
    static async requestPermission() {
      state.asks++;
      state.permission = 'granted';
      return state.permission;
    }
    onclick: (() => void) | null = null;
    constructor(title: string, options?: { body?: string }) {
      shown.push({ title, body: options?.body ?? '' });
    }
    close() {}
  }
  w.Notification = FakeNotification;
}

/** A person in their own browser context, signed in as a guest and online, with errors and CSP reports kept. */
async function person(
  name: string,
  viewport = { width: 1100, height: 720 },
): Promise<ChatPage & { problems: string[] }> {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(controls);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  await page.exposeFunction('__cspViolation', (directive: string) => problems.push(`CSP ${directive}`));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __cspViolation: (d: string) => void }).__cspViolation(e.violatedDirective),
    ),
  );
  await page.goto(site.siteUrl);
  await page.getByTestId('name-input').waitFor();
  await expectNoSeriousViolations(page, 'sign-in view');
  await page.getByTestId('name-input').fill(name);
  await page.getByTestId('sign-in-button').click();
  await waitForConnection(page, 'online');
  const chat = { name, context, page, problems };
  open.push(chat);
  return chat;
}

const row = (page: Page, sender: string, text: string) =>
  messageRows(page)
    .and(page.locator(`[data-sender="${sender}"]`))
    .filter({ hasText: text })
    .first();

/** Hovers the row (its actions show on hover) and presses one of them. */
async function act(page: Page, sender: string, text: string, action: string): Promise<void> {
  const r = row(page, sender, text);
  await r.hover();
  await r.getByTestId(action).click();
}

/** The room the page has open. */
const opened = (page: Page) =>
  page.locator('[data-testid="room"][aria-current="page"]').getAttribute('data-room-id');

const roomCounts = (page: Page, roomId: string) =>
  page
    .locator(`[data-testid="room"][data-room-id="${roomId}"]`)
    .evaluate((b) => [b.getAttribute('data-unread'), b.getAttribute('data-mentions'), b.textContent]);

async function tokenOf(page: Page): Promise<string> {
  const stored = await page.evaluate(() => sessionStorage.getItem('chatty.session'));
  return (JSON.parse(stored ?? '{}') as { token?: string }).token ?? '';
}

async function serverCounts(page: Page, roomId: string) {
  const res = await api<{ rooms: { roomId: string; unread?: number; mentions?: number }[] }>(
    site.cloud,
    'GET',
    '/rooms',
    { token: await tokenOf(page) },
  );
  const room = res.body.rooms.find((r) => r.roomId === roomId);
  return { unread: room?.unread, mentions: room?.mentions };
}

/** Each test walks through many steps with two browsers; on two busy cores that takes a while. */
const longTest = 90_000;

describe('what people do with messages, in Chromium', () => {
  it(
    'reply, react, edit and delete, seen live by the other person',
    async () => {
      const ann = await person('Ann');
      const ben = await person('Ben');

      await sendWithEnter(ann.page, 'the **river** is `high`');
      const original = row(ben.page, 'Ann', 'the river is high');
      await original.waitFor(poll);
      expect(await original.locator('.text strong').textContent()).toBe('river');
      expect(await original.locator('.text code').textContent()).toBe('high');

      // Ben answers it: the box says what it answers, and Ann sees the quote, which takes her to the original.
      await act(ben.page, 'Ann', 'the river is high', 'reply-button');
      await expect
        .poll(() => ben.page.getByTestId('compose-mode').textContent(), poll)
        .toContain('Replying to Ann');
      await expectNoSeriousViolations(ben.page, 'replying');
      await sendWithEnter(ben.page, 'how high?');
      await expect(ben.page.getByTestId('compose-mode').isHidden()).resolves.toBe(true);
      const reply = row(ann.page, 'Ben', 'how high?');
      await reply.waitFor(poll);
      const quote = reply.getByTestId('reply-quote');
      await expect.poll(() => quote.textContent(), poll).toContain('Ann');
      // The quote reads as the text does, without its markup.
      expect(await quote.textContent()).toContain('the river is high');
      await quote.click();
      const annOriginal = row(ann.page, 'Ann', 'the river is high');
      const originalId = await annOriginal.getAttribute('data-message-id');
      await expect
        .poll(() => ann.page.evaluate(() => document.activeElement?.getAttribute('data-message-id')), poll)
        .toBe(originalId);

      // Ann reacts to the reply with the picker; both see it; Ben adds his, Ann takes hers back.
      await act(ann.page, 'Ben', 'how high?', 'react-button');
      await expectNoSeriousViolations(ann.page, 'reaction picker');
      await reply.getByTestId('reaction-picker').locator('[data-emoji="👍"]').click();
      const thumbs = (page: Page) =>
        row(page, 'Ben', 'how high?').locator('[data-testid="reaction"][data-emoji="👍"]');
      await expect.poll(() => thumbs(ben.page).textContent(), poll).toBe('👍1');
      expect(await thumbs(ben.page).getAttribute('aria-pressed')).toBe('false');
      await expect.poll(() => thumbs(ann.page).getAttribute('aria-pressed'), poll).toBe('true');
      await thumbs(ben.page).click();
      await expect.poll(() => thumbs(ann.page).textContent(), poll).toBe('👍2');
      await expect.poll(() => thumbs(ben.page).getAttribute('aria-pressed'), poll).toBe('true');
      await thumbs(ann.page).click();
      await expect.poll(() => thumbs(ben.page).textContent(), poll).toBe('👍1');
      await expect.poll(() => thumbs(ann.page).getAttribute('aria-pressed'), poll).toBe('false');

      // Up in the empty box edits Ann's last message; Escape gives up; Up again and Enter saves.
      const box = ann.page.getByTestId('composer-input');
      await box.focus();
      await box.press('ArrowUp');
      await expect.poll(() => box.inputValue(), poll).toBe('the **river** is `high`');
      await expect(ann.page.getByTestId('compose-mode').textContent()).resolves.toContain('Editing');
      await box.press('Escape');
      await expect(box.inputValue()).resolves.toBe('');
      await expect(ann.page.getByTestId('compose-mode').isHidden()).resolves.toBe(true);
      await box.press('ArrowUp');
      await box.fill('the river is very high');
      await box.press('Enter');
      const edited = row(ben.page, 'Ann', 'the river is very high');
      await edited.waitFor(poll);
      expect(await edited.getByTestId('edited').textContent()).toBe('(edited)');
      expect(await edited.getAttribute('data-message-id')).toBe(originalId);
      await expect
        .poll(() => ben.page.getByTestId('announcer').textContent(), poll)
        .toBe('Ann edited a message.');

      // Ben may not edit or delete Ann's message: he has no such buttons; Ann deletes it, after confirming.
      expect(await edited.getByTestId('edit-button').count()).toBe(0);
      expect(await edited.getByTestId('delete-button').count()).toBe(0);
      ann.page.once('dialog', (dialog) => void dialog.accept());
      await act(ann.page, 'Ann', 'the river is very high', 'delete-button');
      const gone = ben.page.locator(`[data-testid="message"][data-message-id="${originalId}"]`);
      await expect.poll(() => gone.getByTestId('tombstone').count(), poll).toBe(1);
      expect(await gone.locator('.text').count()).toBe(0);
      expect(await gone.getByTestId('reply-button').count()).toBe(0);
      await expect
        .poll(() => ben.page.getByTestId('announcer').textContent(), poll)
        .toBe('Ann deleted a message.');
      // The reply keeps its quote (a snapshot); history agrees, with a tombstone in its place.
      expect(await row(ben.page, 'Ben', 'how high?').getByTestId('reply-quote').count()).toBe(1);
      await ben.page.reload();
      await waitForConnection(ben.page, 'online');
      await expect.poll(() => gone.getByTestId('tombstone').count(), poll).toBe(1);
      await expect.poll(() => thumbs(ben.page).textContent(), poll).toBe('👍1');

      // By keyboard alone: a message's actions take the focus, show themselves then, and work with Enter;
      // Escape ends the reply.
      const own = row(ben.page, 'Ben', 'how high?');
      await own.getByTestId('reply-button').focus();
      expect(await own.locator('.actions').evaluate((e) => getComputedStyle(e).opacity)).toBe('1');
      await ben.page.keyboard.press('Enter');
      await expect
        .poll(() => ben.page.getByTestId('compose-mode').textContent(), poll)
        .toContain('Replying to Ben');
      await expect
        .poll(() => ben.page.evaluate(() => document.activeElement?.getAttribute('data-testid')), poll)
        .toBe('composer-input');
      await ben.page.keyboard.press('Escape');
      await expect(ben.page.getByTestId('compose-mode').isHidden()).resolves.toBe(true);

      await expectNoSeriousViolations(ann.page, 'chat with a reply, a reaction and a tombstone');
      await expectNoSeriousViolations(ben.page, 'chat after a reload');
      await screenshot(ann.page, 'message-actions');
      expect([...ann.problems, ...ben.problems]).toEqual([]);
    },
    longTest,
  );

  it(
    'a mention is highlighted, notified while the tab is hidden, and counted until read',
    async () => {
      const cleo = await person('Cleo');
      const dev = await person('Dev');
      // A room of their own: Pyro welcomes each newcomer (at most 3 a minute per room), and its welcomes, which
      // come when they come, are unread like any message.
      await cleo.page.getByTestId('new-room-input').fill('Mention Test');
      await cleo.page.getByTestId('new-room-button').click();
      await expect.poll(() => opened(cleo.page), poll).toBe('mention-test');
      await dev.page.evaluate(() => {
        location.hash = '#mention-test';
      });
      await expect.poll(() => opened(dev.page), poll).toBe('mention-test');
      for (const name of ['Cleo', 'Dev'])
        await row(dev.page, 'Pyro', `Welcome to #mention-test, ${name}`).waitFor({ timeout: 15_000 });
      await expect
        .poll(() => serverCounts(dev.page, 'mention-test'), poll)
        .toEqual({ unread: 0, mentions: 0 });

      // Dev asks for notifications, by pressing the button: the page never asks by itself.
      const asks = () =>
        dev.page.evaluate(() =>
          (window as unknown as { __notificationAsks: () => number }).__notificationAsks(),
        );
      expect(await asks()).toBe(0);
      await dev.page.getByTestId('notify-button').click();
      await expect.poll(() => dev.page.getByTestId('notify-button').isHidden(), poll).toBe(true);
      expect(await asks()).toBe(1);
      const setHidden = (page: Page, hidden: boolean) =>
        page.evaluate(
          (h) => (window as unknown as { __setHidden: (h: boolean) => void }).__setHidden(h),
          hidden,
        );
      const notifications = () =>
        dev.page.evaluate(() => (window as unknown as { __notifications: unknown[] }).__notifications);

      // Away from the tab, Dev is mentioned: a notification, the highlight, and the room counts it as unread.
      await setHidden(dev.page, true);
      await sendWithEnter(cleo.page, '@Dev are you there?');
      const mention = row(dev.page, 'Cleo', 'are you there?');
      await mention.waitFor(poll);
      expect(await mention.getAttribute('data-mention')).toBe('true');
      expect(await mention.locator('.mention-mark').textContent()).toBe('mentions you');
      await expect
        .poll(notifications, poll)
        .toEqual([{ title: 'Cleo mentioned you in #mention-test', body: '@Dev are you there?' }]);
      const unreadMention = ['1', '1', '# Mention Test, 1 unread, 1 mention@11'];
      await expect.poll(() => roomCounts(dev.page, 'mention-test'), poll).toEqual(unreadMention);
      await expectNoSeriousViolations(dev.page, 'a mention, unread');
      await screenshot(dev.page, 'mention-unread');
      // Cleo's own message is no news to her.
      expect(await row(cleo.page, 'Cleo', 'are you there?').getAttribute('data-mention')).toBeNull();
      await expect
        .poll(() => serverCounts(dev.page, 'mention-test'), poll)
        .toEqual({ unread: 1, mentions: 1 });

      // Back on the tab: the message is in view, so it is read; the counts clear here and on the server.
      await setHidden(dev.page, false);
      const none = ['0', '0', '# Mention Test'];
      await expect.poll(() => roomCounts(dev.page, 'mention-test'), poll).toEqual(none);
      await expect
        .poll(() => serverCounts(dev.page, 'mention-test'), poll)
        .toEqual({ unread: 0, mentions: 0 });

      // Dev answers (so the room knows the name even once Dev is elsewhere: @name mentions someone connected to the
      // room or among its recent senders), then, in another room, learns of news from the room list.
      await sendWithEnter(dev.page, 'here now');
      await row(cleo.page, 'Dev', 'here now').waitFor(poll);
      await dev.page.getByTestId('new-room-input').fill('Side Room');
      await dev.page.getByTestId('new-room-button').click();
      await expect.poll(() => opened(dev.page), poll).toBe('side-room');
      await sendWithEnter(cleo.page, 'hello @dev, news');
      await row(cleo.page, 'Cleo', 'hello @dev, news').waitFor(poll);
      await expect
        .poll(() => serverCounts(dev.page, 'mention-test'), poll)
        .toEqual({ unread: 1, mentions: 1 });
      // The list is read again when Dev comes back to the tab (and every 30 s while shown).
      await setHidden(dev.page, true);
      await setHidden(dev.page, false);
      await expect.poll(() => roomCounts(dev.page, 'mention-test'), poll).toEqual(unreadMention);
      await expectNoSeriousViolations(dev.page, 'room list with counts');
      await dev.page.locator('[data-testid="room"][data-room-id="mention-test"]').click();
      await row(dev.page, 'Cleo', 'hello @dev, news').waitFor(poll);
      expect(await row(dev.page, 'Cleo', 'hello @dev, news').getAttribute('data-mention')).toBe('true');
      await expect.poll(() => roomCounts(dev.page, 'mention-test'), poll).toEqual(none);
      await expect
        .poll(() => serverCounts(dev.page, 'mention-test'), poll)
        .toEqual({ unread: 0, mentions: 0 });

      // On a phone the page is one column: rooms in a row, members in a row, the log below.
      await dev.page.setViewportSize({ width: 390, height: 780 });
      await expectNoSeriousViolations(dev.page, 'chat on a phone');
      await screenshot(dev.page, 'phone');
      expect([...cleo.problems, ...dev.problems]).toEqual([]);
    },
    longTest,
  );

  it(
    'formats Markdown and runs none of a hostile message’s markup under the CSP',
    async () => {
      const eve = await person('Eve');
      const fay = await person('Fay');
      const hostile = [
        '<script>window.__pwned = 1</script>',
        '<img src=x onerror="window.__pwned = 2">',
        '[click](javascript:window.__pwned=3)',
        '[data](data:text/html,<script>window.__pwned=4</script>)',
        '![pic](https://example.com/x.png)',
        '<a href="https://example.com" onclick="window.__pwned=5">a</a>',
        'see https://example.com/page and [docs](https://example.com/docs)',
      ].join('\n\n');
      await sendWithEnter(eve.page, hostile);
      const shown = row(fay.page, 'Eve', 'see');
      await shown.waitFor(poll);
      const found = await shown.locator('.text').evaluate((text) => ({
        elements: [...text.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()),
        links: [...text.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.rel, a.target]),
        attributes: [...text.querySelectorAll('*')].flatMap((e) => e.getAttributeNames()),
      }));
      expect(new Set(found.elements)).toEqual(new Set(['p', 'a']));
      expect(found.links).toEqual([
        ['https://example.com/x.png', 'noopener noreferrer nofollow', '_blank'],
        // The address inside the raw <a> is text like any other: a bare URL, linked as one.
        ['https://example.com/', 'noopener noreferrer nofollow', '_blank'],
        ['https://example.com/page', 'noopener noreferrer nofollow', '_blank'],
        ['https://example.com/docs', 'noopener noreferrer nofollow', '_blank'],
      ]);
      expect(new Set(found.attributes)).toEqual(new Set(['href', 'rel', 'target']));
      // The markup is there to read, as text.
      expect(await shown.locator('.text').textContent()).toContain('<script>window.__pwned = 1</script>');
      for (const page of [eve.page, fay.page])
        expect(
          await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
        ).toBeUndefined();
      await expectNoSeriousViolations(fay.page, 'hostile message');
      expect([...eve.problems, ...fay.problems]).toEqual([]);
    },
    longTest,
  );
  it(
    'offers mention notifications on a phone too, where the room has no header of its own',
    async () => {
      const gus = await person('Gus', { width: 390, height: 800 });
      const offer = gus.page.getByTestId('notify-button');
      await expect.poll(() => offer.isVisible(), poll).toBe(true);
      await expectNoSeriousViolations(gus.page, 'phone: the notification offer');
      await offer.click();
      await expect.poll(() => offer.isHidden(), poll).toBe(true);
      // The offer taken, the phone's room view is as before: no header above the messages.
      await expect.poll(() => gus.page.locator('.room-header').isHidden(), poll).toBe(true);
      expect(gus.problems).toEqual([]);
    },
    longTest,
  );
});
