import { detailTypes, type MemberJoinedDetail } from '../contract/events';
import { LOBBY_ROOM_ID, limits } from '../contract/limits';
import { ChatError } from './errors';
import { sendFrame } from './fan-out';
import { type Identity, type IdentityKind, identityKey } from './identity';
import type {
  Clock,
  ConnectionStore,
  EventPublisher,
  MemberStore,
  RateLimiter,
  RoomStore,
  SocketSender,
  SocketSlots,
} from './ports';
import { requireRoom } from './rooms';
import type { Connection, Room } from './types';

export const MEMBER_JOINED = detailTypes.memberJoined;

/**
 * API Gateway drops every socket after 2 hours and `$disconnect` is best effort, so a connection record
 * lives 3 hours at most; reads filter on the TTL because DynamoDB deletes expired items late.
 */
export const CONNECTION_TTL_SECONDS = 3 * 60 * 60;

/** API Gateway closes every socket after 2 hours: past that, a socket's slot is surely stale. */
export const SOCKET_MAX_LIFETIME_SECONDS = 2 * 60 * 60;

export interface PresenceDeps {
  rooms: RoomStore;
  connections: ConnectionStore;
  sockets: SocketSender;
  bus: EventPublisher;
  clock: Clock;
}

type SocketDeps = Pick<PresenceDeps, 'connections' | 'sockets'>;

/** No socket: the room hears of a join from the table's stream, and the new socket cannot be posted to yet. */
export interface ConnectDeps extends Omit<PresenceDeps, 'sockets'> {
  socketSlots: SocketSlots;
  /** Open sockets per identity, by kind (LIMIT_SOCKETS_PER_IDENTITY_ACCOUNT/_GUEST); the next `$connect` is refused. */
  socketsPerIdentity: Record<IdentityKind, number>;
}

/**
 * `$connect`: takes one of the identity's socket slots, records the socket in its room and tells the others.
 * The new socket itself is excluded: API Gateway answers 410 to any post while `$connect` is still running,
 * which would delete it.
 */
export async function connect(
  deps: ConnectDeps,
  input: {
    connectionId: string;
    name: string;
    sessionId?: string;
    identity: Identity;
    roomId: unknown;
    /**
     * Checks the session again once the socket is recorded (throws when it has ended). Signing out revokes first
     * and then looks for the session's sockets; a `$connect` racing it records first and then checks, so one of
     * the two sees the other: either sign-out finds this socket, or this check finds the revocation.
     */
    recheckSession?: () => Promise<void>;
  },
): Promise<{ connection: Connection; announceError?: unknown }> {
  const room = await requireRoom(deps.rooms, input.roomId ?? LOBBY_ROOM_ID);
  const nowMs = deps.clock.now();
  const nowSeconds = Math.floor(nowMs / 1000);
  const { socketSlots } = deps;
  const limit = deps.socketsPerIdentity[input.identity.kind];
  const until = nowSeconds + SOCKET_MAX_LIFETIME_SECONDS;
  const slotsKey = identityKey('sockets', input.identity);
  if (!(await socketSlots.claim(slotsKey, input.connectionId, until, nowSeconds, limit))) {
    throw new ChatError(
      'rate_limited',
      `You have ${limit} connections open already: close one (another tab?) and try again`,
    );
  }
  const connection: Connection = {
    connectionId: input.connectionId,
    roomId: room.roomId,
    name: input.name,
    connectedAt: new Date(nowMs).toISOString(),
    // Whose socket it is, so that signing the session out finds and closes it (core/sign-out.ts).
    ...(input.sessionId === undefined ? {} : { sessionId: input.sessionId }),
  };
  try {
    // The record names the identity, so deleting it (on `$disconnect` or a gone socket) frees the slot.
    await deps.connections.putConnection(connection, nowSeconds + CONNECTION_TTL_SECONDS, slotsKey);
  } catch (err) {
    await socketSlots.release(slotsKey, input.connectionId).catch(() => undefined);
    throw err;
  }
  if (input.recheckSession) {
    try {
      await input.recheckSession();
    } catch (err) {
      // Forgetting the record frees the slot too; the refused handshake means no `$disconnect` will come.
      await deps.connections.deleteConnection(input.connectionId).catch(() => undefined);
      throw err;
    }
  }
  // The socket is registered: the room hears of it from the table's stream (core/presence-stream.ts), which
  // batches a burst of joins into one frame per member. The bus is best effort: never a refused handshake.
  const announceError = await settle(async () => {
    await deps.bus.publish(MEMBER_JOINED, joined(room, input.name));
  });
  return { connection, announceError };
}

/** `$disconnect`: deleting the record is all; the room hears of it from the table's stream. */
export async function disconnect(deps: Pick<SocketDeps, 'connections'>, connectionId: string): Promise<void> {
  await deps.connections.deleteConnection(connectionId);
}

export interface JoinRoomDeps extends PresenceDeps {
  members: MemberStore;
  /** Names in the mover's `presence` snapshot (PRESENCE_SNAPSHOT_NAMES; at most the contract's limit). */
  snapshotNames: number;
  /** `joinRoom` per socket (LIMIT_JOINS_PER_MINUTE): a burst of that many, refilling at that many a minute. */
  joinLimiter: RateLimiter;
}

/**
 * `joinRoom`: moves the socket and sends the mover the new room's members at once (the page waits for them to
 * catch up on the room); both rooms hear of the move from the table's stream.
 */
export async function joinRoom(
  deps: JoinRoomDeps,
  input: { connectionId: string; name: string; roomId: unknown },
): Promise<Connection> {
  // Every attempt counts, a failing one too: each costs reads and writes whichever way it ends.
  if (!(await deps.joinLimiter.tryTake(`join#${input.connectionId}`, deps.clock.now())))
    throw new ChatError('rate_limited', 'You are switching rooms too fast: wait a few seconds and try again');
  const room = await requireRoom(deps.rooms, input.roomId);
  const previous = await deps.connections.getConnection(input.connectionId);
  const moved = await deps.connections.moveConnection(input.connectionId, room.roomId);
  if (!moved) throw new ChatError('not_found', 'This connection is not registered: reconnect');
  const nowSeconds = Math.floor(deps.clock.now() / 1000);
  const snapshotNames = Math.min(deps.snapshotNames, limits.presenceNames);
  const [page, count] = await Promise.all([
    deps.members.listMembers(room.roomId, { limit: snapshotNames, after: '' }, nowSeconds),
    deps.members.countMembers(room.roomId, nowSeconds),
  ]);
  // The stream has not added the mover yet: it is told it is there (once the Presence function has run, its
  // own snapshot follows).
  const here = page.names.includes(input.name);
  const members = here ? page.names : withName(page.names, input.name, snapshotNames);
  await sendFrame(deps.sockets, input.connectionId, {
    type: 'presence',
    roomId: room.roomId,
    members,
    count: here ? count : count + 1,
  });
  if (previous?.roomId !== room.roomId) await deps.bus.publish(MEMBER_JOINED, joined(room, input.name));
  return moved;
}

/** MemberJoined's detail: who came where, and whether the room is private (issue 16: its words stay in it). */
function joined(room: Room, name: string): MemberJoinedDetail {
  return { roomId: room.roomId, name, visibility: room.visibility === 'private' ? 'private' : 'public' };
}

/** Adds `name` to a sorted page of names, keeping it within the snapshot's cap. */
function withName(names: readonly string[], name: string, cap: number): string[] {
  const sorted = [...names, name].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted.slice(0, cap);
}

/** Runs `work`, returning its error instead of throwing it (for side effects that must not fail the caller). */
async function settle(work: () => Promise<void>): Promise<unknown> {
  try {
    await work();
    return undefined;
  } catch (err) {
    return err ?? new Error('unknown failure');
  }
}
