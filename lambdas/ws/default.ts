import { socketsFromEnv } from '../adapters/sockets-from-env';
import { makeDefaultHandler } from './default.handler';

/** WsDefault's entry: its adapters, built once per cold start from its bindings. */
export const handler = makeDefaultHandler({ sockets: socketsFromEnv() });
