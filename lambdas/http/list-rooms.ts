import { tableFromEnv } from '../adapters/from-env';
import { listRooms } from '../core/rooms';
import { httpHandler } from './respond';

const table = tableFromEnv();

/** GET /rooms → {"rooms":[…]}, lobby first. */
export const handler = httpHandler(async () => ({
  status: 200,
  body: { rooms: await listRooms(table.rooms) },
}));
