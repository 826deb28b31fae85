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
    /** `muted` and `removed`: when the person may post (or come back) again, ISO-8601; sent as `until`. */
    readonly until?: string,
  ) {
    super(message);
  }

  /** The error as the APIs send it: `{code, message}`, and `until` when there is one. */
  get body(): { code: ErrorCode; message: string; until?: string } {
    return {
      code: this.code,
      message: this.message,
      ...(this.until === undefined ? {} : { until: this.until }),
    };
  }

  get status(): number {
    return errorStatus[this.code];
  }

  /** A value that broke the contract is the client's mistake: its field's code and message. */
  static from(err: ContractError): ChatError {
    return new ChatError(err.code === 'internal' ? 'invalid_request' : err.code, err.message);
  }
}
