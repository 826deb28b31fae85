import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../integration/harness';
import {
  type ChatPage,
  type ChatSite,
  launchChromium,
  memberNames,
  messageRows,
  openChat,
  screenshot,
  sendWithEnter,
  shownMessages,
  startChatSite,
  waitForConnection,
} from './browser';

let site: ChatSite;
let browser: Browser;
let open: ChatPage[] = [];

const poll = { timeout: 10_000 };

beforeAll(async () => {
  [site, browser] = await Promise.all([startChatSite(), launchChromium()]);
});

afterEach(async () => {
  await Promise.all(open.map((p) => p.context.close()));
  open = [];
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

async function person(name: string): Promise<ChatPage> {
  const chat = await openChat(browser, site.siteUrl, name);
  open.push(chat);
  return chat;
}

const textsFrom = async (chat: ChatPage, sender: string) =>
  (await shownMessages(chat.page)).filter((m) => m.sender === sender).map((m) => m.text);

describe('the chat page in Chromium', () => {
  it('shows each person’s messages, names, presence and typing to the other, live', async () => {
    const ann = await person('Ann');
    const ben = await person('Ben');
    for (const chat of [ann, ben]) {
      await expect
        .poll(() =>
          chat.page.locator('[data-testid="room"][aria-current="page"]').getAttribute('data-room-id'),
        )
        .toBe('lobby');
      await expect.poll(() => memberNames(chat.page), poll).toEqual(expect.arrayContaining(['Ann', 'Ben']));
    }

    await ann.page.getByTestId('composer-input').pressSequentially('the river is');
    await expect
      .poll(() => ben.page.getByTestId('typing-indicator').textContent(), poll)
      .toBe('Ann is typing…');
    await ann.page.getByTestId('composer-input').press('Enter');
    await expect.poll(() => textsFrom(ben, 'Ann'), poll).toEqual(['the river is']);
    // A message from someone ends their typing notice at once.
    await expect.poll(() => ben.page.getByTestId('typing-indicator').textContent(), poll).toBe('');

    await sendWithEnter(ben.page, 'rising fast');
    await expect.poll(() => textsFrom(ann, 'Ben'), poll).toEqual(['rising fast']);

    // Pyro welcomes each newcomer; only the people's messages are compared here.
    const people = async (chat: ChatPage) =>
      (await shownMessages(chat.page)).filter((m) => m.sender !== 'Pyro');
    for (const chat of [ann, ben]) {
      await expect
        .poll(() => people(chat), poll)
        .toEqual([
          { sender: 'Ann', shownSender: 'Ann', text: 'the river is', state: 'sent' },
          { sender: 'Ben', shownSender: 'Ben', text: 'rising fast', state: 'sent' },
        ]);
    }
    await screenshot(ann.page, 'chat-two-people');
  });

  it('catches up on what was missed while offline, once each and in order', async () => {
    const cleo = await person('Cleo');
    const dev = await person('Dev');
    await expect.poll(() => memberNames(cleo.page), poll).toContain('Dev');

    // Chromium's offline emulation fails new connections and fetches and fires `offline`, but an open
    // WebSocket stays up: frames out still reach the server, frames in are held until it is back online (a
    // server-side close included). So what drops the socket here is the page's own `offline` handler, and
    // the members list (built from the server's connection records) proves the server saw it go.
    await dev.context.setOffline(true);
    await waitForConnection(dev.page, 'offline');
    await expect
      .poll(
        async () => (await api<{ members: unknown }>(site.cloud, 'GET', '/rooms/lobby/members')).body.members,
        poll,
      )
      .not.toContain('Dev');
    await expect.poll(() => memberNames(cleo.page), poll).not.toContain('Dev');

    await sendWithEnter(cleo.page, 'missed one');
    await expect.poll(() => textsFrom(cleo, 'Cleo'), poll).toEqual(['missed one']);
    await sendWithEnter(cleo.page, 'missed two');
    const cleoSent = async () =>
      (await shownMessages(cleo.page))
        .filter((m) => m.sender === 'Cleo' && m.state === 'sent')
        .map((m) => m.text);
    await expect.poll(cleoSent, poll).toEqual(['missed one', 'missed two']);
    expect(await textsFrom(dev, 'Cleo')).toEqual([]);

    await dev.context.setOffline(false);
    await waitForConnection(dev.page, 'online');
    await expect.poll(() => textsFrom(dev, 'Cleo'), poll).toEqual(['missed one', 'missed two']);
    // A live message after the return lands after the caught-up ones, and nothing shows twice meanwhile.
    await expect.poll(() => memberNames(cleo.page), poll).toContain('Dev');
    await sendWithEnter(cleo.page, 'welcome back');
    await expect
      .poll(() => textsFrom(dev, 'Cleo'), poll)
      .toEqual(['missed one', 'missed two', 'welcome back']);
    await expect(dev.page.getByTestId('connection-status').getAttribute('data-state')).resolves.toBe(
      'online',
    );
  });

  it('shows markup in a message as text and never runs it', async () => {
    const eve = await person('Eve');
    const finn = await person('Finn');
    const attack = '<img src=x onerror="window.__xss=1">';
    await sendWithEnter(eve.page, attack);
    for (const chat of [eve, finn]) {
      await expect.poll(() => textsFrom(chat, 'Eve'), poll).toEqual([attack]);
      expect(await chat.page.getByTestId('message-list').locator('img').count()).toBe(0);
      expect(await chat.page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    }
  });

  it('writes new lines with Shift+Enter, counts characters and refuses a message over 2000', async () => {
    const gus = await person('Gus');
    const input = gus.page.getByTestId('composer-input');
    const counter = gus.page.getByTestId('char-counter');
    await input.pressSequentially('line one');
    await input.press('Shift+Enter');
    await input.pressSequentially('line two');
    await expect(input.inputValue()).resolves.toBe('line one\nline two');
    await expect(counter.textContent()).resolves.toBe('17 / 2000');
    await input.press('Enter');
    await expect.poll(() => textsFrom(gus, 'Gus'), poll).toEqual(['line one\nline two']);
    await expect(counter.textContent()).resolves.toBe('0 / 2000');

    await input.fill('y'.repeat(2000));
    await expect(counter.textContent()).resolves.toBe('2000 / 2000');
    await expect(gus.page.getByTestId('send-button').isEnabled()).resolves.toBe(true);
    await input.fill('z'.repeat(2001));
    await expect(counter.textContent()).resolves.toBe('2001 / 2000');
    await expect(counter.getAttribute('class')).resolves.toContain('over');
    await expect(gus.page.getByTestId('send-button').isDisabled()).resolves.toBe(true);
    // The box grew; the newest message must still be in sight above it.
    const hiddenBelow = () =>
      gus.page.locator('#scroller').evaluate((s) => s.scrollHeight - s.scrollTop - s.clientHeight);
    await expect.poll(hiddenBelow, poll).toBeLessThanOrEqual(1);
    await input.press('Enter');
    // Sending empties the box in the same keydown handler, so a full box means nothing was sent.
    await expect(input.inputValue()).resolves.toHaveLength(2001);
    expect(await messageRows(gus.page).and(gus.page.locator('[data-sender="Gus"]')).count()).toBe(1);
    const history = await api<{ messages: Array<{ text: string }> }>(
      site.cloud,
      'GET',
      '/rooms/lobby/messages',
    );
    expect(history.body.messages.filter((m) => m.text.length > 2000)).toEqual([]);
    await screenshot(gus.page, 'composer-too-long');
  });

  it('creates a room and opens it, and others find it in the list after a reload', async () => {
    const hana = await person('Hana');
    const ivo = await person('Ivo');
    await hana.page.getByTestId('new-room-input').fill('Night Shift');
    await hana.page.getByTestId('new-room-button').click();
    const current = hana.page.locator('[data-testid="room"][aria-current="page"]');
    await expect.poll(() => current.getAttribute('data-room-id'), poll).toBe('night-shift');
    await expect(current.textContent()).resolves.toBe('# Night Shift');
    await expect.poll(() => hana.page.locator('#room-title').textContent(), poll).toBe('# Night Shift');
    await sendWithEnter(hana.page, 'first in the new room');
    await expect.poll(() => textsFrom(hana, 'Hana'), poll).toEqual(['first in the new room']);

    await ivo.page.reload();
    await waitForConnection(ivo.page, 'online');
    const listed = ivo.page.locator('[data-testid="room"][data-room-id="night-shift"]');
    await listed.waitFor();
    await listed.click();
    await expect.poll(() => textsFrom(ivo, 'Hana'), poll).toEqual(['first in the new room']);
    await expect.poll(() => memberNames(hana.page), poll).toEqual(['Hana', 'Ivo']);
    await screenshot(ivo.page, 'new-room');
  });

  it('lets a person talk to Pyro, whose replies look like a bot’s', async () => {
    const zoe = await person('Zoe');
    await sendWithEnter(zoe.page, 'pyro help');
    // The help text lists the weather command; the welcome that comes first does not.
    const reply = messageRows(zoe.page).filter({ hasText: 'pyro weather' }).first();
    await reply.waitFor({ timeout: 10_000 });
    expect(await reply.getAttribute('data-sender')).toBe('Pyro');
    expect(await reply.getAttribute('class')).toMatch(/\bbot\b/);
    expect(await reply.locator('.badge').textContent()).toBe('bot');
    // Its examples are shown as code, not with literal backticks.
    expect(await reply.locator('.text code').count()).toBeGreaterThan(0);
    expect(await reply.locator('.text').textContent()).not.toContain('`');
    await screenshot(zoe.page, 'pyro-help');
  });

  it('falls back to the lobby, online, when the link names a room that cannot exist', async () => {
    const chat = await openChat(browser, site.siteUrl, 'Hal', '#Not_A_Room');
    open.push(chat);
    await expect
      .poll(
        () => chat.page.locator('[data-testid="room"][aria-current="page"]').getAttribute('data-room-id'),
        poll,
      )
      .toBe('lobby');
    await sendWithEnter(chat.page, 'made it to the lobby');
    await expect.poll(() => textsFrom(chat, 'Hal'), poll).toContain('made it to the lobby');
  });
});
