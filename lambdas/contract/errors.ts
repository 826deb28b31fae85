/**
 * Every error code the API answers, with its HTTP status. The HTTP API sends them as
 * `{"error":{"code","message"}}`, the WebSocket API as `error` frames; `internal` is the server's own failure.
 */
export const errorStatus = {
  invalid_json: 400,
  invalid_request: 400,
  invalid_name: 400,
  invalid_text: 400,
  invalid_room: 400,
  invalid_cursor: 400,
  invalid_emoji: 400,
  unknown_action: 400,
  unauthorized: 401,
  token_expired: 401,
  forbidden: 403,
  muted: 403,
  removed: 403,
  room_not_found: 404,
  not_found: 404,
  message_not_found: 404,
  account_not_found: 404,
  name_reserved: 409,
  name_taken: 409,
  room_exists: 409,
  too_many_reactions: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export const errorCodes = /* @__PURE__ */ Object.keys(errorStatus) as ErrorCode[];
