import type { LocalCloud } from '../infra/local/cloud';
import { fanOutPageSize, functionByName } from '../infra/spec';
import { awsTarget, startProxiedCloud } from './proxied-cloud';
import { round } from './stats';

/**
 * `--aws-latency`: the local cloud with the service latencies a function sees inside an AWS region added to the
 * stand-ins, to estimate what the deployed system would take. Each figure is an assumption, stated here, not a
 * measurement: typical in-region medians from AWS's documentation and published measurements, rounded up.
 * - DynamoDB: "single-digit millisecond" reads and writes: 4 ms a call, 6 ms a Query page.
 * - API Gateway `@connections` PostToConnection from Lambda in the same region: 15 ms a post.
 * - EventBridge PutEvents: 15 ms; delivery of an event to a Lambda target: 150 ms (EventBridge's own latency
 *   figures put typical end-to-end delivery in the low hundreds of milliseconds).
 * - A warm Lambda invocation through API Gateway's WebSocket integration: 20 ms over the handler's own time.
 * Everything local (the handlers' CPU, DynamoDB Local, the gateway) still runs on this machine's two cores, which
 * AWS would spread over many hosts: the figures are an upper bound of the deployed latency at these sizes.
 */
const awsLatencyMs = {
  dynamodbCall: 4,
  dynamodbQuery: 6,
  postToConnection: 15,
  putEvents: 15,
  eventBridgeToLambda: 150,
  lambdaIntegration: 20,
} as const;

/** A local cloud whose functions reach DynamoDB, the bus and @connections through latency-adding proxies. */
export async function startAwsLikeCloud(log?: (fn: string, line: string) => void): Promise<{
  cloud: LocalCloud;
  stop(): Promise<void>;
}> {
  const proxied = await startProxiedCloud({
    dynamodb: {
      classify: awsTarget,
      latencyMs: (op) => (op === 'Query' ? awsLatencyMs.dynamodbQuery : awsLatencyMs.dynamodbCall),
    },
    bus: { classify: awsTarget, latencyMs: () => awsLatencyMs.putEvents },
    sockets: {
      classify: (req) => req.method ?? 'other',
      latencyMs: (op) => (op === 'POST' ? awsLatencyMs.postToConnection : 0),
    },
    log,
  });
  const { cloud } = proxied;
  // The stream poller reads DynamoDB Local directly (it is Lambda's side, not a function's), so presence keeps
  // its one-second batching window here. Lambda's own hops are added around the runner.
  const invoke = cloud.runner.invoke;
  cloud.runner.invoke = async (name, event, options) => {
    const hop = name === 'FanOut' ? awsLatencyMs.eventBridgeToLambda : awsLatencyMs.lambdaIntegration;
    await new Promise((resolve) => setTimeout(resolve, hop));
    return invoke(name, event, options);
  };
  return { cloud, stop: proxied.stop };
}

export interface DeployedEstimate {
  sockets: number;
  /** ms until the last socket has the message. */
  estimateMs: number;
  pages: number;
  waves: number;
}

/**
 * The deployed latency for a room of N sockets, from the AWS-like time for a room of one page (`onePageMs`:
 * store, first Query, one page of posts): pages after the first go through EventBridge to FanOut, as many at once
 * as its reserved concurrency allows, while the poster reads the next Query page (one after the other).
 */
export function estimateDeployed(sockets: number, onePageMs: number): DeployedEstimate {
  const pages = Math.ceil(sockets / fanOutPageSize);
  const concurrency = functionByName('FanOut').reservedConcurrency ?? 10;
  const waves = Math.ceil((pages - 1) / concurrency);
  const postsMs = Math.ceil(fanOutPageSize / 32) * awsLatencyMs.postToConnection;
  const queryWalkMs = pages * awsLatencyMs.dynamodbQuery;
  const further =
    pages > 1 ? awsLatencyMs.putEvents + awsLatencyMs.eventBridgeToLambda + waves * (postsMs + 10) : 0;
  return {
    sockets,
    estimateMs: round(Math.max(onePageMs, queryWalkMs + further + (onePageMs - postsMs)), 0),
    pages,
    waves,
  };
}
