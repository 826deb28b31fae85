import { tableFromEnv } from '../adapters/from-env';
import { makeListRoomsHandler } from './list-rooms.handler';

/** ListRooms' entry: its adapters, built once per cold start from its bindings. */
export const handler = makeListRoomsHandler(tableFromEnv('rooms'));
