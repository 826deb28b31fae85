import { messageActionDepsFromEnv } from '../adapters/message-actions-from-env';
import { sessionLivenessOn } from '../adapters/session-liveness';
import { makeWsMessageActionsHandler } from './message-actions.handler';

/** WsMessageActions' entry: its adapters, built once per cold start from its bindings and config. */
const { access, deps } = messageActionDepsFromEnv();
export const handler = makeWsMessageActionsHandler({ ...deps, liveness: sessionLivenessOn(access) });
