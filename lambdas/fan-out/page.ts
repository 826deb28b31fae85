import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { requireEnv } from '../adapters/config';
import { systemClock } from '../adapters/from-env';
import { BusPageDispatcher } from '../adapters/page-dispatcher';
import { socketsFromEnv } from '../adapters/sockets-from-env';
import { tableFromEnv } from '../adapters/table-from-env';
import { makeFanOutPageHandler } from './page.handler';

/** FanOut's entry: its adapters, built once per cold start from its bindings. */
export const handler = makeFanOutPageHandler({
  // The table: a socket found gone is deleted, as every fan-out does.
  ...tableFromEnv('connections'),
  sockets: socketsFromEnv(),
  dispatcher: new BusPageDispatcher(new EventBridgeClient({}), requireEnv('EVENT_BUS_NAME')),
  clock: systemClock,
});
