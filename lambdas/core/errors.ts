/**
 * Every failure a person can cause, with the HTTP status it maps to. Handlers turn a ChatError into
 * `{"error":{"code","message"}}` (HTTP) or an `error` frame (WebSocket); anything else is a bug → 500.
 */
export const errorStatus = {
  invalid_json: 400,
  invalid_request: 400,
  invalid_name: 400,
  invalid_text: 400,
  invalid_room: 400,
  invalid_cursor: 400,
  unauthorized: 401,
  token_expired: 401,
  forbidden: 403,
  room_not_found: 404,
  not_found: 404,
  name_reserved: 409,
  room_exists: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unknown_action: 400,
} as const;

export type ErrorCode = keyof typeof errorStatus;

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
}
