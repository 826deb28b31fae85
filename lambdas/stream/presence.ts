import { fanOutPagesFromEnv } from '../adapters/bus-from-env';
import { positiveNumberEnv } from '../adapters/config';
import { systemClock } from '../adapters/from-env';
import { socketsFromEnv } from '../adapters/sockets-from-env';
import { tableFromEnv } from '../adapters/table-from-env';
import { makePresenceHandler } from './presence.handler';

/** Presence's entry: its adapters, built once per cold start from its bindings. */
export const handler = makePresenceHandler({
  ...tableFromEnv('members', 'connections'),
  sockets: socketsFromEnv(),
  clock: systemClock,
  snapshotNames: positiveNumberEnv('PRESENCE_SNAPSHOT_NAMES'),
  fanOutPages: fanOutPagesFromEnv(),
});
