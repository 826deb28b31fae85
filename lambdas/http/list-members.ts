import { systemClock } from '../adapters/from-env';
import { identityCheckFromEnv } from '../adapters/identity-check-from-env';
import { RoomAccessTable } from '../adapters/room-access-table';
import { tableFromEnv } from '../adapters/table-from-env';
import { makeListMembersHandler } from './list-members.handler';
import { bearerAuthenticate } from './person';

/** ListMembers' entry: its adapters, built once per cold start from its bindings. */
const { access, ...views } = tableFromEnv('rooms', 'members', 'access');
export const handler = makeListMembersHandler({
  ...views,
  access: new RoomAccessTable(access.doc, access.tableName),
  authenticate: bearerAuthenticate(identityCheckFromEnv(access)),
  clock: systemClock,
});
