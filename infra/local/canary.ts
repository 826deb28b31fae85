/**
 * `npm run canary -- [<siteUrl> | <httpApiUrl> <webSocketUrl>]`: runs the deployed canary's check
 * (infra/aws/canary/check.mjs) against any Chatty, by default the local cloud of `npm start`. One URL is a site
 * whose /config.json names both APIs (a CloudFront URL works too). Prints each step with its latency; exits 1
 * when a step fails.
 */
import WebSocket from 'ws';
import { runHealthcheck } from '../aws/canary/check.mjs';

interface Endpoints {
  httpApiUrl: string;
  webSocketUrl: string;
}

async function endpoints(args: string[]): Promise<Endpoints> {
  if (args.length === 2) return { httpApiUrl: args[0] as string, webSocketUrl: args[1] as string };
  if (args.length > 2) throw new Error('usage: npm run canary -- [<siteUrl> | <httpApiUrl> <webSocketUrl>]');
  const site = (args[0] ?? `http://127.0.0.1:${process.env.CHATTY_PORT ?? 8080}`).replace(/\/+$/, '');
  const response = await fetch(`${site}/config.json`, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${site}/config.json answered ${response.status}`);
  const config = (await response.json()) as Partial<Endpoints>;
  if (!config.httpApiUrl || !config.webSocketUrl) throw new Error(`${site}/config.json lacks the API URLs`);
  return { httpApiUrl: config.httpApiUrl, webSocketUrl: config.webSocketUrl };
}

async function main(): Promise<void> {
  const { httpApiUrl, webSocketUrl } = await endpoints(process.argv.slice(2));
  console.log(`Canary against ${httpApiUrl} and ${webSocketUrl}`);
  const started = Date.now();
  // The `ws` package, as the tests use it (its client API is the browser's, which the check is written for).
  await runHealthcheck({
    httpApiUrl,
    webSocketUrl,
    WebSocket,
    fetch,
    log: (line) => console.log(`  ${line}`),
  });
  console.log(`Healthy (${Date.now() - started} ms)`);
}

main().catch((err: unknown) => {
  console.error(`Unhealthy: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
