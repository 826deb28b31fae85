/**
 * The page under its security headers (infra/site-headers.ts, sent by the local site as CloudFront sends them):
 * it signs in, chats and hears from Pyro with nothing refused, and it is accessible while doing so.
 */
import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChatSite,
  launchChromium,
  messageRows,
  sendWithEnter,
  shownMessages,
  startChatSite,
  waitForConnection,
} from './browser';

let site: ChatSite;
let browser: Browser;
let contexts: BrowserContext[] = [];

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

interface Violation {
  directive: string;
  blockedURI: string;
  sample: string;
}

/** A page that records every CSP violation it reports, every console error and every uncaught error. */
async function watchedPage(): Promise<{ page: Page; violations: Violation[]; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
  contexts.push(context);
  const violations: Violation[] = [];
  const errors: string[] = [];
  await context.exposeFunction('reportCspViolation', (v: Violation) => {
    violations.push(v);
  });
  // Init scripts are injected by the browser itself, before the page's own, and the CSP does not apply to them.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { reportCspViolation: (v: Violation) => void }).reportCspViolation;
      report({ directive: e.effectiveDirective, blockedURI: e.blockedURI, sample: e.sample });
    });
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, violations, errors };
}

/** axe-core's findings on what the page shows now (the source is evaluated through the DevTools protocol). */
async function accessibilityViolations(page: Page): Promise<{ id: string; nodes: string[] }[]> {
  await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    const results = await run(document, { resultTypes: ['violations'] });
    return results.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

describe('the page under its Content Security Policy', () => {
  it('is served with the policy, which lets it connect to its two APIs (and the local Cognito) only', async () => {
    const { page } = await watchedPage();
    const response = await page.goto(site.siteUrl);
    const csp = (await response?.allHeaders())?.['content-security-policy'] ?? '';
    const connect = csp.split(';').find((d) => d.trim().startsWith('connect-src'));
    expect(connect?.trim().split(/\s+/).slice(1)).toEqual([
      "'self'",
      new URL(site.cloud.httpApiUrl).origin,
      new URL(site.cloud.webSocketUrl).origin,
      // Locally the page signs people up and in against cognito-local (on AWS: cognito-idp's regional host).
      new URL(site.cloud.auth.endpoint).origin,
    ]);
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('signs in, chats and hears Pyro with no violation, no console error, and no accessibility finding', async () => {
    const { page, violations, errors } = await watchedPage();
    await page.goto(site.siteUrl);
    await page.getByTestId('name-input').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByTestId('name-input').fill('Cass');
    await page.getByTestId('sign-in-button').click();
    await waitForConnection(page, 'online');
    await sendWithEnter(page, 'pyro help');
    await messageRows(page).filter({ hasText: 'pyro weather' }).first().waitFor({ timeout: 10_000 });
    await expect
      .poll(async () => (await shownMessages(page)).filter((m) => m.sender === 'Cass'))
      .toEqual([{ sender: 'Cass', shownSender: 'Cass', text: 'pyro help', state: 'sent' }]);
    // Who sent it, in words beside the name: Cass is a guest, Pyro the bot (and axe below sees both markers).
    const marks = await messageRows(page).evaluateAll((rows) =>
      rows.map((row) => [
        row.getAttribute('data-sender'),
        row.getAttribute('data-sender-type'),
        row.querySelector('.meta .badge')?.textContent ?? '',
      ]),
    );
    expect(marks).toContainEqual(['Cass', 'guest', 'guest']);
    expect(marks).toContainEqual(['Pyro', 'bot', 'bot']);

    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('is enforced: a connection to anywhere else is refused and reported', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(site.siteUrl);
    await page.getByTestId('name-input').waitFor();
    // What injected code would do to send data away; port 9 (discard) is never one of the cloud's.
    const outcome = await page.evaluate(() =>
      fetch('http://127.0.0.1:9/steal').then(
        () => 'sent',
        () => 'refused',
      ),
    );
    expect(outcome).toBe('refused');
    await expect
      .poll(() => violations)
      .toEqual([
        expect.objectContaining({ directive: 'connect-src', blockedURI: 'http://127.0.0.1:9/steal' }),
      ]);
  });

  it('is enforced: markup written as HTML is refused (Trusted Types) and inline script does not run', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(site.siteUrl);
    await page.getByTestId('name-input').waitFor();
    const written = await page.evaluate(() => {
      try {
        document.body.insertAdjacentHTML('beforeend', '<img src="x" onerror="window.__ran = true">');
        return 'written';
      } catch {
        return 'refused';
      }
    });
    expect(written).toBe('refused');
    expect(await page.evaluate(() => (window as { __ran?: unknown }).__ran)).toBeUndefined();
    await expect.poll(() => violations.map((v) => v.directive)).toContain('require-trusted-types-for');
  });
});
