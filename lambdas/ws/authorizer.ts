import { systemClock, tokenKeyFromEnv } from '../adapters/from-env';
import { makeAuthorizerHandler } from './authorizer.handler';

/** WsAuthorizer's entry: its adapters, built once per cold start from its bindings. */
export const handler = makeAuthorizerHandler({ tokenKey: tokenKeyFromEnv(), clock: systemClock });
