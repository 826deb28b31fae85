import { buildWeb } from '../web/build';

/**
 * Builds the page once before any suite runs: the CDK stack deploys web/dist, and the browser tests and the
 * local cloud serve it. A clean clone has no web/dist until this runs.
 */
export default async function setup(): Promise<void> {
  await buildWeb();
}
