import { type ErrorCode as ContractErrorCode, errorStatus } from '../contract/errors';
import type { ContractError } from '../contract/parse';

export { errorStatus };

/**
 * Every failure a person can cause (the contract's error codes but `internal`, which is ours). Handlers turn a
 * ChatError into `{"error":{"code","message"}}` (HTTP) or an `error` frame (WebSocket); anything else is a bug → 500.
 */
export type ErrorCode = Exclude<ContractErrorCode, 'internal'>;

export class ChatError extends Error {
  override readonly name = 'ChatError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return errorStatus[this.code];
  }

  /** A value that broke the contract is the client's mistake: its field's code and message. */
  static from(err: ContractError): ChatError {
    return new ChatError(err.code === 'internal' ? 'invalid_request' : err.code, err.message);
  }
}
