/**
 * Presence from the table's stream. Why this design (issue 14): telling every member of a room the whole member
 * list on every join costs O(room) posts per join and O(room²) for a room filling up, and one join in a full room
 * was thousands of posts. Instead `$connect`, `$disconnect` and `joinRoom` only write the connection record; the
 * table's stream carries those writes to the Presence function through a Lambda event source mapping with a
 * batching window (infra/spec.ts `presenceStream`), so every change of about a second arrives in one batch. The
 * function keeps one member item per name and room (adapters/member-table.ts), then sends each room touched one
 * `presenceChange` frame (who joined, who left, the count) per batch: a burst of joins costs each member one frame
 * a second, not one per join. A socket that entered a room gets a capped `presence` snapshot with the count.
 *
 * Why the stream rather than a scheduled flush: it needs no timer and no extra write on the join path, its
 * batches are ordered per item (a socket's INSERT comes before its REMOVE), it sees sockets that expire by TTL as
 * REMOVEs too, and on AWS it scales with the table's shards. Delivery is at least once and a failed batch is
 * retried (then bisected): every step here is idempotent (set operations, frames that may repeat a change).
 */
import { limits } from '../contract/limits';
import { sendFrame } from './fan-out';
import { fanOutInPages, type PageDispatcher } from './fan-out-pages';
import type { Clock, ConnectionStore, MemberStore, SocketSender } from './ports';
import type { ServerFrame } from './types';

/** An attribute value as the stream record carries it (DynamoDB JSON); connection items hold strings and numbers. */
type AttributeValue = { S?: string; N?: string } & Record<string, unknown>;
type Image = Record<string, AttributeValue | undefined>;

/** The parts of a DynamoDB stream record (Lambda's DynamoDBStreamEvent) this reads. */
export interface StreamRecord {
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' | string;
  dynamodb?: { NewImage?: Image; OldImage?: Image };
}

/** A socket leaving one room and/or entering another, from one connection record's change. */
export interface SocketMove {
  connectionId: string;
  name: string;
  from?: string;
  to?: string;
  /** The connection record's expiry (epoch seconds). */
  expiresAt: number;
}

/** Without a dispatcher every page is posted here: its size only sets the Query's Limit. */
const PAGE_WITHOUT_DISPATCHER = 1000;

/** Frames stay well under API Gateway's 32 KB WebSocket frame limit (names are ASCII: bytes = characters). */
export const FRAME_BUDGET_BYTES = 30_000;

/**
 * The socket moves a batch of stream records describes, in order. The mapping's filter passes only connection
 * items, but this checks again: a MODIFY that leaves the room as it was (a `typing` timestamp) moves nothing.
 */
export function socketMoves(records: readonly StreamRecord[]): SocketMove[] {
  const moves: SocketMove[] = [];
  for (const record of records) {
    const before = connectionOf(record.dynamodb?.OldImage);
    const after = connectionOf(record.dynamodb?.NewImage);
    const from = record.eventName === 'INSERT' ? undefined : before?.roomId;
    const to = record.eventName === 'REMOVE' ? undefined : after?.roomId;
    const socket = after ?? before;
    if (!socket || from === to) continue;
    moves.push({
      connectionId: socket.connectionId,
      name: socket.name,
      from,
      to,
      expiresAt: socket.expiresAt,
    });
  }
  return moves;
}

function connectionOf(image: Image | undefined) {
  const pk = image?.pk?.S;
  const roomId = image?.roomId?.S;
  const name = image?.name?.S;
  const connectionId = image?.connectionId?.S;
  if (!pk?.startsWith('CONN#') || !roomId || !name || !connectionId) return undefined;
  return { connectionId, roomId, name, expiresAt: Number(image?.expiresAt?.N ?? 0) };
}

export interface RoomChanges {
  /** Per name: the sockets that entered and left (a socket's last move in the batch wins). */
  names: Map<string, { enter: Set<string>; leave: Set<string>; expiresAt: number }>;
}

/** Groups the moves by room and name; a socket that entered and left within the batch ends as it last was. */
export function coalesce(moves: readonly SocketMove[]): Map<string, RoomChanges> {
  const rooms = new Map<string, RoomChanges>();
  const entry = (roomId: string, name: string) => {
    const room = rooms.get(roomId) ?? { names: new Map() };
    rooms.set(roomId, room);
    const changes = room.names.get(name) ?? {
      enter: new Set<string>(),
      leave: new Set<string>(),
      expiresAt: 0,
    };
    room.names.set(name, changes);
    return changes;
  };
  for (const move of moves) {
    if (move.from !== undefined) {
      const changes = entry(move.from, move.name);
      changes.enter.delete(move.connectionId);
      changes.leave.add(move.connectionId);
    }
    if (move.to !== undefined) {
      const changes = entry(move.to, move.name);
      changes.leave.delete(move.connectionId);
      changes.enter.add(move.connectionId);
      changes.expiresAt = Math.max(changes.expiresAt, move.expiresAt);
    }
  }
  return rooms;
}

/**
 * `presenceChange` frames for one room, each under FRAME_BUDGET_BYTES: as many names as fit go in each, so a
 * thousand joins in one window make a frame or two, never a thousand.
 */
export function presenceChangeFrames(
  roomId: string,
  joined: readonly string[],
  left: readonly string[],
  count: number,
): ServerFrame[] {
  const frames: ServerFrame[] = [];
  const empty = () => ({
    type: 'presenceChange' as const,
    roomId,
    joined: [] as string[],
    left: [] as string[],
    count,
  });
  let frame = empty();
  let size = JSON.stringify(frame).length;
  const add = (list: 'joined' | 'left', name: string) => {
    const cost = JSON.stringify(name).length + 1;
    if (size + cost > FRAME_BUDGET_BYTES && frame.joined.length + frame.left.length > 0) {
      frames.push(frame);
      frame = empty();
      size = JSON.stringify(frame).length;
    }
    frame[list].push(name);
    size += cost;
  };
  for (const name of left) add('left', name);
  for (const name of joined) add('joined', name);
  if (frame.joined.length + frame.left.length > 0) frames.push(frame);
  return frames;
}

export interface PresenceStreamDeps {
  members: MemberStore;
  connections: ConnectionStore;
  sockets: SocketSender;
  clock: Clock;
  /** Names in a `presence` snapshot (PRESENCE_SNAPSHOT_NAMES; at most the contract's limit). */
  snapshotNames: number;
  /** A big room's presenceChange goes out in parallel pages, as messages do (core/fan-out-pages.ts). */
  fanOutPages?: { pageSize: number; dispatcher: PageDispatcher };
}

export interface PresenceBatchResult {
  rooms: number;
  joined: number;
  left: number;
  /** `presenceChange` frames per room member sent for this batch (at most a few, whatever the burst). */
  framesPerMember: number;
  snapshots: number;
}

/**
 * Applies a batch of connection changes to the member items, then tells each room touched. Throws when the table
 * cannot be written or read, so the event source mapping retries the batch (every step is idempotent).
 */
export async function processPresenceBatch(
  deps: PresenceStreamDeps,
  records: readonly StreamRecord[],
): Promise<PresenceBatchResult> {
  const nowMs = deps.clock.now();
  const nowSeconds = Math.floor(nowMs / 1000);
  const result: PresenceBatchResult = { rooms: 0, joined: 0, left: 0, framesPerMember: 0, snapshots: 0 };
  const rooms = coalesce(socketMoves(records));
  await Promise.all(
    [...rooms].map(async ([roomId, room]) => {
      const joined: string[] = [];
      const left: string[] = [];
      const entered: string[] = [];
      await Promise.all(
        [...room.names].map(async ([name, changes]) => {
          const enter = [...changes.enter];
          const leave = [...changes.leave];
          const after = await deps.members.applySockets(
            { roomId, name, enter, leave, expiresAt: changes.expiresAt },
            nowSeconds,
          );
          entered.push(...enter);
          // Decided from the state after the writes, so a retried batch tells the same again: joined when the
          // name's only sockets are the ones that just entered, left when a socket left and none remains.
          if (after.length > 0 && after.every((id) => changes.enter.has(id))) joined.push(name);
          else if (after.length === 0 && leave.length > 0) left.push(name);
        }),
      );
      const count = await deps.members.countMembers(roomId, nowSeconds);
      result.rooms++;
      result.joined += joined.length;
      result.left += left.length;
      if (entered.length > 0) {
        const page = await deps.members.listMembers(
          roomId,
          { limit: Math.min(deps.snapshotNames, limits.presenceNames), after: '' },
          nowSeconds,
        );
        const snapshot: ServerFrame = { type: 'presence', roomId, members: page.names, count };
        // A socket still inside `$connect` answers 410 (it misses the snapshot; the page reads the members
        // itself once open); one that closed is `$disconnect`'s business.
        await Promise.all(entered.map((id) => sendFrame(deps.sockets, id, snapshot).catch(() => undefined)));
        result.snapshots += entered.length;
      }
      const frames = presenceChangeFrames(roomId, joined.sort(), left.sort(), count);
      const paging = deps.fanOutPages ?? { pageSize: PAGE_WITHOUT_DISPATCHER };
      for (const frame of frames) await fanOutInPages(deps, roomId, frame, nowMs, paging);
      result.framesPerMember = Math.max(result.framesPerMember, frames.length);
    }),
  );
  return result;
}
