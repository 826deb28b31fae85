import { randomUUID } from 'node:crypto';
import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { probeBus, probeSockets } from '../adapters/health-probes';
import { logger } from '../adapters/logger';
import { botFreshness } from '../core/health';
import { type HealthReportStore, sharedHealth } from '../core/health-cache';
import type { Clock } from '../core/ports';

export interface DeepHealthDeps {
  /** The report every instance shares (one table item); claiming and reading back its refresh probes the table. */
  reports: HealthReportStore;
  bot: { lastHeartbeat(): Promise<string | undefined> };
  /** Clients that make one attempt each: a probe must fail fast, not wait through the SDK's retries. */
  bus: { client: EventBridgeClient; name: string };
  sockets: ApiGatewayManagementApiClient;
  version: string;
  clock: Clock;
  newClaimId?: () => string;
}

/**
 * GET /health/deep: 200 when every dependency answered the last check, 503 otherwise; version, nothing secret.
 * The checks run at most about every 25 s across all instances (core/health-cache.ts): a flood of calls costs a
 * read each, or nothing while an instance remembers a recent report.
 */
export function makeDeepHealthHandler(deps: DeepHealthDeps) {
  const report = sharedHealth({
    store: deps.reports,
    probes: {
      bus: () => probeBus(deps.bus.client, deps.bus.name),
      sockets: () => probeSockets(deps.sockets),
      bot: async () => botFreshness(await deps.bot.lastHeartbeat(), deps.clock.now()),
    },
    clock: deps.clock,
    newClaimId: deps.newClaimId ?? randomUUID,
    onChecked: ({ ok, checks }) => {
      if (!ok) logger.error('deep healthcheck failing', { checks });
    },
    onSaveError: (err) => logger.warn('deep health report not stored', { error: err as Error }),
  });
  return async () => {
    const { ok, checks, checkedAt } = await report();
    return {
      statusCode: ok ? 200 : 503,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      body: JSON.stringify({
        status: ok ? 'ok' : 'failing',
        version: deps.version,
        time: new Date(deps.clock.now()).toISOString(),
        checkedAt,
        checks,
      }),
    };
  };
}
