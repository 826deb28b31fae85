/** Contracts shared by the pieces of the local cloud. */

/**
 * Invokes a function of infra/spec.ts by name with an event, as Lambda would: resolves with the handler's
 * result, rejects with an Error (name + message of the handler's error, or `Task timed out`) when it fails.
 */
export type Invoke = (functionName: string, event: unknown) => Promise<unknown>;

/** A running local service: where it listens and how to stop it. */
export interface RunningService {
  url: string;
  close(): Promise<void>;
}

/** The credentials and region every local function and client signs with (AWS SDK v3 needs some). */
export const localCredentials = {
  region: 'us-east-1',
  accountId: '000000000000',
  accessKeyId: 'LOCALCHATTY',
  secretAccessKey: 'local-chatty-secret',
} as const;
