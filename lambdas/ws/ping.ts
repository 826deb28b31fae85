import { socketsFromEnv } from '../adapters/sockets-from-env';
import { makePingHandler } from './ping.handler';

/** WsPing's entry: its adapters, built once per cold start from its bindings. */
export const handler = makePingHandler({ sockets: socketsFromEnv() });
