import { NAME_PATTERN } from '../contract/fields';
import { limits } from '../contract/limits';
import { ChatError } from './errors';
import type { Clock, MemberStore, RoomStore } from './ports';
import { requireRoom } from './rooms';

/**
 * GET /rooms/{roomId}/members' `next`: the last name a page held, wrapped so that clients treat it as opaque (as
 * GET /rooms' cursor, core/room-cursor.ts).
 */
const PREFIX = 'members:';

export function encodeMemberCursor(lastName: string): string {
  return Buffer.from(`${PREFIX}${lastName}`, 'utf8').toString('base64url');
}

/** The name a cursor continues after; `invalid_cursor` for anything this API did not write. */
export function decodeMemberCursor(raw: string): string {
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  const name = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : undefined;
  // Node's decoder skips characters outside the alphabet: only a cursor that re-encodes to itself is one of ours.
  if (name === undefined || encodeMemberCursor(name) !== raw || !NAME_PATTERN.test(name)) {
    throw new ChatError('invalid_cursor', 'next must be the cursor of an earlier page');
  }
  return name;
}

export interface MemberPage {
  roomId: string;
  members: string[];
  count: number;
  next: string | null;
}

/** A page of a room's members by name, with how many the room holds (read side by side). */
export async function listMembers(
  deps: { rooms: RoomStore; members: MemberStore; clock: Clock },
  request: { roomId: unknown; limit?: string; next?: string },
): Promise<MemberPage> {
  const limit = parseMemberLimit(request.limit);
  const after = request.next ? decodeMemberCursor(request.next) : '';
  const room = await requireRoom(deps.rooms, request.roomId);
  const nowSeconds = Math.floor(deps.clock.now() / 1000);
  const [page, count] = await Promise.all([
    deps.members.listMembers(room.roomId, { limit, after }, nowSeconds),
    deps.members.countMembers(room.roomId, nowSeconds),
  ]);
  const last = page.names.at(-1);
  return {
    roomId: room.roomId,
    members: page.names,
    count,
    next: page.hasMore && last !== undefined ? encodeMemberCursor(last) : null,
  };
}

function parseMemberLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return limits.memberPage.default;
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || limit < 1 || limit > limits.memberPage.max) {
    throw new ChatError('invalid_request', `limit must be a whole number from 1 to ${limits.memberPage.max}`);
  }
  return limit;
}
