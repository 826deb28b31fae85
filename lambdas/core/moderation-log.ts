import { AccessPageQuerySchema, type ModerationEntry, type ModerationLog } from '../contract/access';
import { limits } from '../contract/limits';
import { ChatError } from './errors';
import { type AccessDeps, requireModerator, type Viewer } from './room-access';
import { validate } from './validation';

export interface AuditDeps {
  access: Pick<AccessDeps['access'], 'audit'>;
}

const AUDIT_SECONDS = limits.moderation.auditDays * 24 * 60 * 60;

/** Records one moderation action in the room's log (one PutItem), kept `auditDays`. */
export async function record(
  deps: AuditDeps,
  roomId: string,
  entry: ModerationEntry,
  nowMs: number,
): Promise<void> {
  await deps.access.audit(roomId, entry, Math.floor(nowMs / 1000) + AUDIT_SECONDS);
}

/** GET /rooms/{roomId}/moderation: the log, newest first, for the room's moderators only. */
export async function moderationLog(
  deps: AccessDeps,
  input: { roomId: unknown; query: Record<string, string | undefined>; viewer: Viewer },
  nowMs: number,
): Promise<ModerationLog> {
  const query = validate(AccessPageQuerySchema, input.query);
  const { room } = await requireModerator(deps, input.roomId, input.viewer);
  const limit = query.limit ? Number(query.limit) : limits.moderation.page.default;
  const before = query.next ? decodeCursor(query.next) : '';
  const page = await deps.access.auditLog(room.roomId, { limit, before }, Math.floor(nowMs / 1000));
  const last = page.entries.at(-1);
  return {
    roomId: room.roomId,
    entries: page.entries.map(({ cursor: _cursor, ...entry }) => entry),
    next: page.hasMore && last ? encodeCursor(last.cursor) : null,
  };
}

function encodeCursor(sortKey: string): string {
  return Buffer.from(`log:${sortKey}`).toString('base64url');
}

function decodeCursor(raw: string): string {
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  if (!text.startsWith('log:'))
    throw new ChatError('invalid_cursor', 'next must be the cursor of an earlier page');
  return text.slice('log:'.length);
}
