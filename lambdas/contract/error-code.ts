import * as v from 'valibot';
import type { ErrorCode } from './errors';

/**
 * What `parseWith` reads to name the error of a failed field: `errorCode` for any issue in it, `checkErrorCode`
 * for a failed custom check (a guest name that is the bot's is `name_reserved`, not `invalid_name`).
 * A type, not an interface: valibot's metadata must be assignable to `Record<string, unknown>`.
 */
export type ErrorCodeMetadata = { errorCode: ErrorCode; checkErrorCode?: ErrorCode };

/** A pipe item that gives the field its error code. */
// @__NO_SIDE_EFFECTS__ (so bundles that do not use a schema drop it)
export function errorCode<TInput>(code: ErrorCode, checkCode?: ErrorCode) {
  const metadata: ErrorCodeMetadata = checkCode
    ? { errorCode: code, checkErrorCode: checkCode }
    : { errorCode: code };
  return v.metadata<TInput, ErrorCodeMetadata>(metadata);
}
