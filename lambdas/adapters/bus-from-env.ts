import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventBridgePublisher } from './bus';
import { positiveNumberEnv, requireEnv } from './config';
import { BusPageDispatcher } from './page-dispatcher';

/**
 * The event bus's publishers for a function's composition root (see from-env.ts).
 * Its own module because esbuild keeps an external package's import in a bundle even when nothing uses what it
 * imports (it cannot know the package has no side effects), and each SDK client costs a cold start 50-115 ms to
 * load: a function must import only the builders of the clients it uses (bench: cold starts).
 */
/**
 * One EventBridge client per instance, for the publisher and the page dispatcher alike: a function that posts
 * messages builds both, and a second client meant a second credential chain and connection pool at every cold start.
 */
let client: EventBridgeClient | undefined;
const eventBridge = () => {
  client ??= new EventBridgeClient({});
  return client;
};

export function busFromEnv(): EventBridgePublisher {
  return new EventBridgePublisher(eventBridge(), requireEnv('EVENT_BUS_NAME'));
}

/** Big rooms' fan-out: FAN_OUT_PAGE_SIZE sockets a page, further pages handed to FanOut through the bus. */
export function fanOutPagesFromEnv(): { pageSize: number; dispatcher: BusPageDispatcher } {
  return {
    pageSize: positiveNumberEnv('FAN_OUT_PAGE_SIZE'),
    dispatcher: new BusPageDispatcher(eventBridge(), requireEnv('EVENT_BUS_NAME')),
  };
}
