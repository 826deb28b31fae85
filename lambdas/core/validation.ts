import { ChatError } from './errors';
import { BOT_NAME } from './types';

export const MAX_TEXT_LENGTH = 2000;
const NAME_PATTERN = /^[A-Za-z0-9 _-]{1,32}$/;
const ROOM_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

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
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ChatError('invalid_json', 'The request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** Guest names: 1–32 letters, digits, spaces, `_` or `-` after trimming; the bot's name is reserved. */
export function validateName(value: unknown): string {
  if (typeof value !== 'string') throw new ChatError('invalid_name', 'name must be a string');
  const name = value.trim();
  if (!NAME_PATTERN.test(name)) {
    throw new ChatError('invalid_name', 'name must be 1–32 letters, digits, spaces, "_" or "-"');
  }
  if (name.toLowerCase() === BOT_NAME.toLowerCase()) {
    throw new ChatError('name_reserved', `The name "${BOT_NAME}" belongs to the bot`);
  }
  return name;
}

/** Message text: 1–2000 characters after trimming. */
export function validateText(value: unknown): string {
  if (typeof value !== 'string') throw new ChatError('invalid_text', 'text must be a string');
  const text = value.trim();
  if (text.length === 0) throw new ChatError('invalid_text', 'text must not be empty');
  if (text.length > MAX_TEXT_LENGTH) {
    throw new ChatError(
      'invalid_text',
      `text must be at most ${MAX_TEXT_LENGTH} characters (got ${text.length})`,
    );
  }
  return text;
}

export function validateRoomId(value: unknown): string {
  if (typeof value !== 'string' || !ROOM_ID_PATTERN.test(value)) {
    throw new ChatError('invalid_room', 'roomId must be a room slug (lower-case letters, digits and "-")');
  }
  return value;
}

/** Room display names: 1–40 characters after trimming, with at least one letter or digit for the slug. */
export function validateRoomName(value: unknown): string {
  if (typeof value !== 'string') throw new ChatError('invalid_room', 'name must be a string');
  const name = value.trim().replace(/\s+/g, ' ');
  if (name.length === 0 || name.length > 40) {
    throw new ChatError('invalid_room', 'room name must be 1–40 characters');
  }
  if (slugify(name) === '')
    throw new ChatError('invalid_room', 'room name needs at least one letter or digit');
  return name;
}

/** "Café Talk!" → "cafe-talk". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
}

/** An optional client-chosen id echoed in `ack`/`error` frames. */
export function validateClientMessageId(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) {
    throw new ChatError('invalid_request', 'clientMessageId must be a string of 1–64 characters');
  }
  return value;
}
