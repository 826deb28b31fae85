/**
 * Helpers for the browser tests: the page served by an in-memory local cloud, driven by headless Chromium
 * (Debian's /usr/bin/chromium through playwright-core: no browser download, which this network forbids).
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { LocalCloud } from '../../infra/local/cloud';
import { readOutbox } from '../../infra/local/cognito-local';
import { buildWeb } from '../../web/build';
import { startTestCloud } from '../integration/harness';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start. The rest keeps Chromium from
    // calling home (there is no network here besides loopback) and from competing for the two cores.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface ChatSite {
  cloud: LocalCloud;
  siteUrl: string;
  stop(): Promise<void>;
}

/**
 * Builds the page and serves it from a local cloud. The build goes to web/dist, which other test files
 * rebuild at the same time, so the site serves a private copy that nothing rewrites under it.
 */
export async function startChatSite(environment?: Record<string, string>): Promise<ChatSite> {
  const dist = await buildWeb();
  const distDir = await mkdtemp(join(tmpdir(), 'chatty-site-'));
  await cp(dist, distDir, { recursive: true });
  let cloud: LocalCloud;
  try {
    cloud = await startTestCloud({ site: { distDir }, ...(environment ? { environment } : {}) });
  } catch (err) {
    await rm(distDir, { recursive: true, force: true });
    throw err;
  }
  if (!cloud.siteUrl) throw new Error('the local cloud did not start the site');
  return {
    cloud,
    siteUrl: cloud.siteUrl,
    stop: async () => {
      await cloud.stop();
      await rm(distDir, { recursive: true, force: true });
    },
  };
}

export interface ChatPage {
  name: string;
  context: BrowserContext;
  page: Page;
}

/** A person in their own browser context (own sessionStorage), signed in through the form and online. */
export async function openChat(
  browser: Browser,
  siteUrl: string,
  name: string,
  hash = '',
): Promise<ChatPage> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
  const page = await context.newPage();
  await page.goto(`${siteUrl}${hash}`);
  await page.getByTestId('name-input').fill(name);
  await page.getByTestId('sign-in-button').click();
  await waitForConnection(page, 'online');
  return { name, context, page };
}

export async function waitForConnection(
  page: Page,
  state: 'online' | 'offline' | 'connecting',
): Promise<void> {
  await page.locator(`[data-testid="connection-status"][data-state="${state}"]`).waitFor({ timeout: 15_000 });
}

/** Types into the composer and presses Enter, the way a person sends. */
export async function sendWithEnter(page: Page, text: string): Promise<void> {
  const input = page.getByTestId('composer-input');
  await input.fill(text);
  await input.press('Enter');
}

export function messageRows(page: Page): Locator {
  return page.getByTestId('message-list').getByTestId('message');
}

export interface ShownMessage {
  sender: string;
  /** The sender's name as displayed, not just the data attribute. */
  shownSender: string;
  text: string;
  state: string;
}

/** Every message row of the open room, top to bottom. */
export function shownMessages(page: Page): Promise<ShownMessage[]> {
  return messageRows(page).evaluateAll((rows) =>
    rows.map((row) => ({
      sender: row.getAttribute('data-sender') ?? '',
      shownSender: row.querySelector('.sender')?.textContent ?? '',
      text: row.querySelector('.text')?.textContent ?? '',
      state: row.getAttribute('data-state') ?? '',
    })),
  );
}

export async function memberNames(page: Page): Promise<string[]> {
  return page
    .getByTestId('members-list')
    .getByTestId('member')
    .evaluateAll((items) => items.map((item) => item.getAttribute('data-name') ?? ''));
}

/** Saves a picture of the page when CHATTY_SCREENSHOTS names a folder (outside the repo), for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.CHATTY_SCREENSHOTS;
  if (dir) await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** axe-core's serious and critical findings on what the page shows now. */
export async function seriousViolations(page: Page): Promise<{ id: string; nodes: string[] }[]> {
  await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    const results = await run(document, { resultTypes: ['violations'] });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/** Fails naming the view when axe-core finds a serious or critical problem on what the page shows now. */
export async function expectNoSeriousViolations(page: Page, view: string): Promise<void> {
  expect({ view, found: await seriousViolations(page) }).toEqual({ view, found: [] });
}

/**
 * The newest code the local outbox (what Cognito would e-mail) holds for `username`, once more than `after` codes
 * have arrived for it.
 */
export async function outboxCode(
  site: ChatSite,
  username: string,
  { after = 0, timeout = 30_000 }: { after?: number; timeout?: number } = {},
): Promise<string> {
  let code = '';
  await expect
    .poll(
      async () => {
        const mine = (await readOutbox(site.cloud.outboxFile)).filter((m) => m.username === username);
        code = mine.length > after ? (mine.at(-1)?.code ?? '') : '';
        return code;
      },
      { timeout },
    )
    .toMatch(/^\d{6}$/);
  return code;
}
