import type { IncomingMessage } from 'node:http';
import { type LocalCloud, startLocalCloud } from '../infra/local/cloud';
import { webSocketStage } from '../infra/spec';
import { type CountingProxy, startCountingProxy } from './counting-proxy';

type ProxyOptions = Parameters<typeof startCountingProxy>[0];

/** AWS JSON protocols name the operation in `X-Amz-Target` (`DynamoDB_20120810.PutItem` → `PutItem`). */
export const awsTarget = (req: IncomingMessage): string =>
  String(req.headers['x-amz-target'] ?? 'unknown')
    .split('.')
    .pop() as string;

export interface ProxiedCloud {
  cloud: LocalCloud;
  dynamodb: CountingProxy;
  bus: CountingProxy;
  sockets: CountingProxy;
  stop(): Promise<void>;
}

/**
 * A local cloud whose functions reach DynamoDB Local, the bus and `@connections` through counting proxies (which may
 * add latency): the cost benchmark counts the calls, `--aws-latency` slows them to AWS's. The proxies start first,
 * so the functions' endpoints can name them, and learn their targets once the cloud is up.
 */
export async function startProxiedCloud(options: {
  dynamodb: ProxyOptions;
  bus: ProxyOptions;
  sockets: ProxyOptions;
  log?: (fn: string, line: string) => void;
}): Promise<ProxiedCloud> {
  const dynamodb = await startCountingProxy(options.dynamodb);
  const bus = await startCountingProxy(options.bus);
  const sockets = await startCountingProxy(options.sockets);
  const closeProxies = async () => {
    for (const proxy of [dynamodb, bus, sockets]) await proxy.close();
  };
  let cloud: LocalCloud;
  try {
    cloud = await startLocalCloud({
      dataDir: null,
      // Every client of the benchmark comes from this one machine (CHATTY_LIMITS=relaxed).
      relaxedLimits: true,
      log: options.log,
      environment: {
        AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url,
        AWS_ENDPOINT_URL_EVENTBRIDGE: bus.url,
        WEBSOCKET_CALLBACK_URL: `${sockets.url}/${webSocketStage}`,
      },
    });
  } catch (err) {
    await closeProxies();
    throw err;
  }
  dynamodb.setTarget(cloud.dynamodbUrl);
  bus.setTarget(cloud.eventBusUrl);
  sockets.setTarget(new URL(cloud.callbackUrl).origin);
  return {
    cloud,
    dynamodb,
    bus,
    sockets,
    stop: async () => {
      await cloud.stop();
      await closeProxies();
    },
  };
}
