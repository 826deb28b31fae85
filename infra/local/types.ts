/** Contracts shared by the pieces of the local cloud. */

/**
 * Invokes a function of infra/spec.ts by name with an event, as Lambda would: resolves with the handler's
 * result (JSON round-tripped), rejects with a `FunctionError` when the function failed or an `InvokeError`
 * when it could not be invoked.
 */
export type Invoke = (functionName: string, event: unknown, options?: InvokeOptions) => Promise<unknown>;

export interface InvokeOptions {
  /**
   * `Event` for an asynchronous invocation (its payload limit is 1 MB instead of 6 MB). The caller (the event
   * bus's async invoker) does the queueing and retries; the runner only applies the limit.
   */
  invocationType?: 'RequestResponse' | 'Event';
}

/** A running local service: where it listens and how to stop it. */
export interface RunningService {
  url: string;
  close(): Promise<void>;
}

/**
 * The credentials and region every local function and client signs with, and every stand-in verifies.
 * Temporary-style, as Lambda hands its functions (an `ASIA…` key with a session token); the README names them so
 * the AWS CLI or any SDK can talk to the local services.
 */
export const localCredentials = {
  region: 'us-east-1',
  accountId: '000000000000',
  accessKeyId: 'ASIALOCALCHATTY00000',
  secretAccessKey: 'local-chatty-secret',
  sessionToken: 'local-chatty-session',
} as const;

/**
 * Lambda's Invoke API failed before or around the function: it never ran (`ResourceNotFoundException`,
 * `TooManyRequestsException`, `RequestEntityTooLargeException` for a request over the payload limit, …).
 * `statusCode` is the Invoke API's HTTP status. Callers such as EventBridge retry these with the rule's policy.
 */
export class InvokeError extends Error {
  constructor(
    name: string,
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
    this.name = name;
  }
}

/**
 * The function ran and failed (Lambda's `X-Amz-Function-Error`): it threw (`errorType` is the error's name), timed
 * out (`Sandbox.Timedout`), failed to initialise (`Runtime.ImportModuleError` / the init error's name), exited, or
 * returned a response over the payload limit (`Function.ResponseSizeTooLarge`). An asynchronous invocation retries
 * these with Lambda's own policy, not the caller's.
 */
export class FunctionError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
    /** The stack trace lines the runtime reported (Lambda's `trace`), when there is one. */
    readonly trace: string[] = [],
  ) {
    super(message);
    this.name = errorType;
  }
}
