/**
 * The CloudWatch Synthetics canary (runtime syn-nodejs-playwright-6.0, handler `index.handler`). It runs
 * check.mjs against the deployed APIs; a thrown error fails the run, which SuccessPercent and the alarm see.
 *
 * The check needs no browser, so none is launched: the runtime is only the scheduler, step recorder and
 * artifact store. Its Lambda is Node.js 22, which has a global WebSocket and fetch.
 */
import { runHealthcheck } from './check.mjs';

export const handler = async () => {
  // The runtime provides this module (syn-nodejs-playwright-5.1 moved it from @amzn/ to @aws/); importing it
  // here rather than at the top keeps this file loadable where the runtime is absent.
  const { synthetics } = await import('@aws/synthetics-playwright');
  const httpApiUrl = requiredEnv('CHATTY_HTTP_API_URL');
  const webSocketUrl = requiredEnv('CHATTY_WEBSOCKET_URL');
  const result = await runHealthcheck({
    httpApiUrl,
    webSocketUrl,
    WebSocket: globalThis.WebSocket,
    fetch: globalThis.fetch,
    log: (line) => console.log(line),
    // Each check step becomes a Synthetics step, with its own pass/fail and duration in the console.
    runStep: (name, fn) => synthetics.executeStep(name, fn),
  });
  return result.steps;
};

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`canary: environment variable ${name} is not set`);
  return value;
}
