/**
 * Input validation for core and the handlers, by the contract's schemas (lambdas/contract): each rule is written
 * once there; here a broken one becomes the ChatError the handlers answer with.
 */
import type * as v from 'valibot';
// The contract's modules one by one, not its index: a function's bundle then holds only the schemas it uses.
import {
  ClientMessageIdSchema,
  GuestNameSchema,
  RoomIdSchema,
  RoomNameSchema,
  slugify,
  TextSchema,
} from '../contract/fields';
import { limits } from '../contract/limits';
import { ContractError, parseWith } from '../contract/parse';
import { ChatError } from './errors';

export { slugify };

export const MAX_TEXT_LENGTH = limits.text.maxLength;

/** `parseWith` for core: the typed value, or the ChatError of the field that broke the contract. */
export function validate<const TSchema extends v.GenericSchema>(
  schema: TSchema,
  value: unknown,
): v.InferOutput<TSchema> {
  try {
    return parseWith(schema, value);
  } catch (err) {
    if (err instanceof ContractError) throw ChatError.from(err);
    throw err;
  }
}

/** Parses a JSON object body; anything else is the client's mistake, never a 500. */
export function parseJsonObject(body: string | undefined | null): Record<string, unknown> {
  if (body === undefined || body === null || body === '') {
    throw new ChatError('invalid_json', 'The request body must be a JSON object');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ChatError('invalid_json', 'The request body is not valid JSON');
  }
  if (!isJsonObject(parsed)) throw new ChatError('invalid_json', 'The request body must be a JSON object');
  return parsed;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Guest names: the contract's name rules after trimming; the bot's name is reserved (`name_reserved`). */
export function validateName(value: unknown): string {
  return validate(GuestNameSchema, value);
}

/** Message text: 1–2000 characters after trimming. */
export function validateText(value: unknown): string {
  return validate(TextSchema, value);
}

export function validateRoomId(value: unknown): string {
  return validate(RoomIdSchema, value);
}

/** Room display names: 1–40 characters after trimming, with at least one letter or digit for the slug. */
export function validateRoomName(value: unknown): string {
  return validate(RoomNameSchema, value);
}

/** An optional client-chosen id echoed in `ack`/`error` frames (`null` counts as absent). */
export function validateClientMessageId(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return validate(ClientMessageIdSchema, value);
}
