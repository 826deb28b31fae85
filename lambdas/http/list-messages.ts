import { systemClock, tableFromEnv } from '../adapters/from-env';
import { makeListMessagesHandler } from './list-messages.handler';

/** ListMessages' entry: its adapters, built once per cold start from its bindings. */
export const handler = makeListMessagesHandler({ ...tableFromEnv('messages', 'rooms'), clock: systemClock });
