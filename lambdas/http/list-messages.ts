import { systemClock } from '../adapters/from-env';
import { identityCheckFromEnv } from '../adapters/identity-check-from-env';
import { RoomAccessTable } from '../adapters/room-access-table';
import { tableFromEnv } from '../adapters/table-from-env';
import { makeListMessagesHandler } from './list-messages.handler';
import { bearerAuthenticate } from './person';

/** ListMessages' entry: its adapters, built once per cold start from its bindings. */
const { access, ...views } = tableFromEnv('messages', 'rooms', 'access');
export const handler = makeListMessagesHandler({
  ...views,
  access: new RoomAccessTable(access.doc, access.tableName),
  authenticate: bearerAuthenticate(identityCheckFromEnv(access)),
  clock: systemClock,
});
