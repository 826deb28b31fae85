import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableClient } from '../integration/harness';
import { type ChatSite, launchChromium, openChat, startChatSite } from './browser';

let site: ChatSite;
let browser: Browser;

/** More rooms than one page holds (50 a page, the lobby included), put straight into the table. */
const ROOMS = 75;
const roomId = (i: number) => `room-${String(i).padStart(3, '0')}`;

beforeAll(async () => {
  [site, browser] = await Promise.all([startChatSite(), launchChromium()]);
  const doc = tableClient(site.cloud);
  const items = Array.from({ length: ROOMS }, (_, i) => ({
    pk: 'ROOMS',
    sk: `ROOM#${roomId(i)}`,
    roomId: roomId(i),
    name: `Room ${i}`,
    createdAt: new Date().toISOString(),
    createdBy: 'setup',
    expiresAt: Math.floor(Date.now() / 1000) + 30 * 24 * 60 * 60,
  }));
  for (let i = 0; i < items.length; i += 25) {
    await doc.send(
      new BatchWriteCommand({
        RequestItems: {
          [site.cloud.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
  }
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

describe('the room list in Chromium', () => {
  it('shows the first page, and loads the next as the list is scrolled to its end', async () => {
    const chat = await openChat(browser, site.siteUrl, 'Scroller');
    const buttons = chat.page.locator('[data-testid="room"]');
    await expect.poll(() => buttons.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(50);
    const firstPage = await buttons.count();
    expect(firstPage).toBeLessThan(ROOMS + 1);
    await chat.page.getByTestId('rooms-more').scrollIntoViewIfNeeded();
    await expect.poll(() => buttons.count(), { timeout: 10_000 }).toBe(ROOMS + 1);
    await expect(chat.page.getByTestId('rooms-more').isHidden()).resolves.toBe(true);
    // The list kept its order and each room once: the lobby, then by id.
    const ids = await buttons.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-room-id')));
    expect(ids).toEqual(['lobby', ...Array.from({ length: ROOMS }, (_, i) => roomId(i))]);
    await chat.context.close();
  });
});
