/**
 * The single-table key design (attribute names from infra/spec.ts `table`):
 *
 * | item       | pk               | sk               | roomPk (GSI byRoom) | roomSk        |
 * |------------|------------------|------------------|---------------------|---------------|
 * | message    | ROOM#<roomId>    | MSG#<messageId>  |                     |               |
 * | read marker| READ#<kind>#<name> | ROOM#<roomId>  |                     |               |
 * | room       | ROOMS            | ROOM#<roomId>    |                     |               |
 * | deep health| HEALTH           | DEEP             |                     |               |
 * | connection | CONN#<connId>    | CONN             | CONNS#<roomId>      | <connId>      |
 * | member     | MEMBERS#<roomId> | NAME#<name>      |                     |               |
 * | rate limit | RATE#<key>       | RATE             |                     |               |
 * | sockets    | SLOTS#<identity key> | SLOTS        |                     |               |
 * | bot record | BOT#<kind>#<id>  | BOT              |                     |               |
 * | reminder   | REMINDERS#person#<name> or REMINDERS#room#<roomId> | SLOT#<n>  |     |               |
 * | name hold  | NAME#<skeleton>  | NAME             |                     |               |
 * | signed out | REVOKED#<origin_jti> | REVOKED      |                     |               |
 *
 * messageIds start with the time, so MSG# sort keys are in time order. Fan-out queries a room's
 * connections on the GSI (never a Scan); `$disconnect` finds a connection by its own pk. GET /rooms pages
 * through the ROOMS partition by sort key (room id); rooms carry the TTL (`expiresAt`), pushed out by messages.
 * The deep healthcheck keeps its last result, shared by every instance, in the one HEALTH item.
 */
export const keys = {
  message: (roomId: string, messageId: string) => ({ pk: `ROOM#${roomId}`, sk: `MSG#${messageId}` }),
  messagePartition: (roomId: string) => `ROOM#${roomId}`,
  messageSort: (messageId: string) => `MSG#${messageId}`,
  /** How far a person has read a room (adapters/read-marker-table.ts), by core/unread.ts `readerKey`. */
  readMarker: (readerKey: string, roomId: string) => ({ pk: `READ#${readerKey}`, sk: `ROOM#${roomId}` }),
  room: (roomId: string) => ({ pk: 'ROOMS', sk: `ROOM#${roomId}` }),
  roomsPartition: 'ROOMS',
  connection: (connectionId: string) => ({ pk: `CONN#${connectionId}`, sk: 'CONN' }),
  connectionRoom: (roomId: string, connectionId: string) => ({
    roomPk: `CONNS#${roomId}`,
    roomSk: connectionId,
  }),
  roomConnectionsPartition: (roomId: string) => `CONNS#${roomId}`,
  /**
   * A name present in a room, with the ids of its sockets there (adapters/member-table.ts): written only by the
   * Presence function from the table's stream, read a page at a time (sorted by name) by GET …/members.
   */
  member: (roomId: string, name: string) => ({ pk: `MEMBERS#${roomId}`, sk: `NAME#${name}` }),
  membersPartition: (roomId: string) => `MEMBERS#${roomId}`,
  memberSort: (name: string) => `NAME#${name}`,
  rate: (key: string) => ({ pk: `RATE#${key}`, sk: 'RATE' }),
  /** An identity's open sockets (adapters/socket-slot-table.ts), by its key (core/identity.ts `identityKey`). */
  socketSlots: (identityKey: string) => ({ pk: `SLOTS#${identityKey}`, sk: 'SLOTS' }),
  bot: (kind: string, id: string) => ({ pk: `BOT#${kind}#${id}`, sk: 'BOT' }),
  /** A pending reminder's place in its person's or its room's allowance (adapters/reminder-book.ts). */
  reminderPlaces: (owner: 'person' | 'room', id: string) => `REMINDERS#${owner}#${id}`,
  reminderPlace: (owner: 'person' | 'room', id: string, slot: number) => ({
    pk: `REMINDERS#${owner}#${id}`,
    sk: `SLOT#${slot}`,
  }),
  health: { pk: 'HEALTH', sk: 'DEEP' },
  /** A guest session's hold on a name, by the name's skeleton (adapters/guest-name-table.ts). */
  nameHold: (canonical: string) => ({ pk: `NAME#${canonical}`, sk: 'NAME' }),
  /** An account's sign-in that signed out, by its `origin_jti` (adapters/revoked-sign-in-table.ts). */
  revokedSignIn: (sessionId: string) => ({ pk: `REVOKED#${sessionId}`, sk: 'REVOKED' }),
} as const;

export const ROOM_INDEX = 'byRoom';
