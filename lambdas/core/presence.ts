import { detailTypes } from '../contract/events';
import { LOBBY_ROOM_ID } from '../contract/limits';
import { ChatError } from './errors';
import { fanOut, sendFrame } from './fan-out';
import { type Identity, identityKey } from './identity';
import type {
  Clock,
  ConnectionStore,
  EventPublisher,
  RateLimiter,
  RoomStore,
  SocketSender,
  SocketSlots,
} from './ports';
import { requireRoom } from './rooms';
import type { Connection } from './types';

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

/**
 * What this request just changed, applied on top of what the room's index says: a GSI is eventually
 * consistent on AWS, so right after a write it may still list a socket that left or miss one that came.
 */
interface Change {
  /** The socket this request is about: left out of the fan-out (it is told directly, or cannot be told). */
  connectionId: string;
  joined?: string;
}

/** Names of the people connected to a room now, sorted, each once (with this request's `change` applied). */
export async function roomMembers(
  connections: ConnectionStore,
  roomId: string,
  nowMs: number,
  change?: Change,
): Promise<string[]> {
  const names = new Set<string>();
  for await (const page of connections.roomConnections(roomId, Math.floor(nowMs / 1000))) {
    for (const c of page) if (c.connectionId !== change?.connectionId) names.add(c.name);
  }
  if (change?.joined) names.add(change.joined);
  return [...names].sort((a, b) => a.localeCompare(b));
}

async function announcePresence(
  deps: SocketDeps,
  roomId: string,
  nowMs: number,
  change: Change,
): Promise<string[]> {
  const members = await roomMembers(deps.connections, roomId, nowMs, change);
  await fanOut(deps, roomId, { type: 'presence', roomId, members }, nowMs, { exclude: change.connectionId });
  return members;
}

export interface ConnectDeps extends PresenceDeps {
  socketSlots: SocketSlots;
  /** Open sockets per identity (LIMIT_SOCKETS_PER_IDENTITY); the next `$connect` is refused. */
  socketsPerIdentity: number;
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
  const { socketSlots, socketsPerIdentity: limit } = deps;
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
  // The socket is registered: telling the others is best effort, and must not turn into a refused handshake.
  const announceError = await settle(async () => {
    await announcePresence(deps, room.roomId, nowMs, {
      connectionId: input.connectionId,
      joined: input.name,
    });
    await deps.bus.publish(MEMBER_JOINED, { roomId: room.roomId, name: input.name });
  });
  return { connection, announceError };
}

export async function disconnect(deps: SocketDeps & { clock: Clock }, connectionId: string): Promise<void> {
  const gone = await deps.connections.deleteConnection(connectionId);
  if (gone) await announcePresence(deps, gone.roomId, deps.clock.now(), { connectionId });
}

export interface JoinRoomDeps extends PresenceDeps {
  /** `joinRoom` per socket (LIMIT_JOINS_PER_MINUTE): a burst of that many, refilling at that many a minute. */
  joinLimiter: RateLimiter;
}

/** `joinRoom`: moves the socket, tells both rooms, and sends the mover the new room's members. */
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
  const nowMs = deps.clock.now();
  const change = { connectionId: input.connectionId };
  if (previous && previous.roomId !== room.roomId)
    await announcePresence(deps, previous.roomId, nowMs, change);
  const members = await announcePresence(deps, room.roomId, nowMs, { ...change, joined: input.name });
  // The mover is told directly: the index may not list it in its new room yet.
  await sendFrame(deps.sockets, input.connectionId, { type: 'presence', roomId: room.roomId, members });
  if (previous?.roomId !== room.roomId)
    await deps.bus.publish(MEMBER_JOINED, { roomId: room.roomId, name: input.name });
  return moved;
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
