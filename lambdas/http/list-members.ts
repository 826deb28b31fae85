import { systemClock, tableFromEnv } from '../adapters/from-env';
import { makeListMembersHandler } from './list-members.handler';

/** ListMembers' entry: its adapters, built once per cold start from its bindings. */
export const handler = makeListMembersHandler({
  ...tableFromEnv('rooms', 'members'),
  clock: systemClock,
});
