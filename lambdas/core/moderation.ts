import { MuteBodySchema, RemovalBodySchema, type Sanction } from '../contract/access';
import { NameSchema } from '../contract/fields';
import { limits } from '../contract/limits';
import { ChatError } from './errors';
import { type AuditDeps, record } from './moderation-log';
import {
  type AccessDeps,
  isAdmin,
  isoSeconds,
  isPrivate,
  personKey,
  requireModerator,
  type Viewer,
} from './room-access';
import { type EvictionDeps, evict } from './room-eviction';
import type { Room } from './types';
import { validate } from './validation';

export type ModerationDeps = AccessDeps & AuditDeps & EvictionDeps;

/**
 * Whom a moderator may act on: not themselves, not the owner, and (unless the owner acts, or an admin in a public
 * room) not another moderator or an admin.
 */
async function requireTarget(
  deps: AccessDeps,
  room: Room,
  actor: Viewer,
  actorRole: string | undefined,
  name: string,
): Promise<void> {
  const key = personKey(name);
  if (key === personKey(actor.name)) throw new ChatError('invalid_request', 'You cannot do this to yourself');
  const target = room.roomId === 'lobby' ? undefined : await deps.access.getRole(room.roomId, key);
  const targetRole = target && target.roomCreatedAt === room.createdAt ? target.role : undefined;
  if (targetRole === 'owner') throw new ChatError('forbidden', 'Nobody can remove or mute the room’s owner');
  const actorIsAdmin = !isPrivate(room) && isAdmin(deps, actor);
  const targetIsAdmin = !isPrivate(room) && deps.admins.has(key);
  if ((targetRole === 'moderator' || targetIsAdmin) && actorRole !== 'owner' && !actorIsAdmin) {
    throw new ChatError('forbidden', 'Only the room’s owner may remove or mute a moderator');
  }
}

/**
 * POST /rooms/{roomId}/removals {name, minutes?, reason?}: the person's sockets in the room get `removed` and move
 * to the lobby. A public room (or the lobby) keeps them out for `minutes` (the sanction item: joinRoom, $connect and
 * posting refuse them with `removed`); a private room's member loses the membership instead.
 */
export async function removePerson(
  deps: ModerationDeps,
  input: { roomId: unknown; body: Record<string, unknown>; actor: Viewer },
  nowMs: number,
): Promise<Sanction> {
  const body = validate(RemovalBodySchema, input.body);
  const { room, role } = await requireModerator(deps, input.roomId, input.actor);
  await requireTarget(deps, room, input.actor, role, body.name);
  const at = new Date(nowMs).toISOString();
  const reason = body.reason ? body.reason : undefined;
  const key = personKey(body.name);
  let until: string | undefined;
  let name = body.name;
  if (isPrivate(room)) {
    const gone = await deps.access.deleteRole(room.roomId, key);
    name = gone?.name ?? name;
  } else {
    const untilSeconds = Math.floor(nowMs / 1000) + (body.minutes ?? limits.moderation.removalMinutes) * 60;
    until = isoSeconds(untilSeconds);
    await deps.access.setSanction(
      room.roomId,
      key,
      { name, kind: 'removal', until: untilSeconds, ...(reason ? { reason } : {}) },
      Math.floor(nowMs / 1000),
    );
  }
  await record(
    deps,
    room.roomId,
    {
      at,
      actor: input.actor.name,
      action: 'remove',
      target: name,
      ...(until ? { until } : {}),
      ...(reason ? { reason } : {}),
    },
    nowMs,
  );
  await evict(deps, room.roomId, name, reason ?? 'removed', until, nowMs);
  return {
    roomId: room.roomId,
    name,
    kind: 'removal',
    ...(until ? { until } : {}),
    ...(reason ? { reason } : {}),
  };
}

/** POST /rooms/{roomId}/mutes {name, minutes?, reason?}: posting there answers 403 `muted` until it ends. */
export async function mutePerson(
  deps: ModerationDeps,
  input: { roomId: unknown; body: Record<string, unknown>; actor: Viewer },
  nowMs: number,
): Promise<Sanction> {
  const body = validate(MuteBodySchema, input.body);
  const { room, role } = await requireModerator(deps, input.roomId, input.actor);
  await requireTarget(deps, room, input.actor, role, body.name);
  const untilSeconds = Math.floor(nowMs / 1000) + (body.minutes ?? limits.moderation.muteMinutes) * 60;
  const until = isoSeconds(untilSeconds);
  const reason = body.reason ? body.reason : undefined;
  await deps.access.setSanction(
    room.roomId,
    personKey(body.name),
    { name: body.name, kind: 'mute', until: untilSeconds, ...(reason ? { reason } : {}) },
    Math.floor(nowMs / 1000),
  );
  const at = new Date(nowMs).toISOString();
  await record(
    deps,
    room.roomId,
    { at, actor: input.actor.name, action: 'mute', target: body.name, until, ...(reason ? { reason } : {}) },
    nowMs,
  );
  return { roomId: room.roomId, name: body.name, kind: 'mute', until, ...(reason ? { reason } : {}) };
}

/** DELETE /rooms/{roomId}/mutes/{name} or …/removals/{name}: ends it now (idempotent). */
export async function liftSanction(
  deps: ModerationDeps,
  input: { roomId: unknown; name: unknown; kind: 'removal' | 'mute'; actor: Viewer },
  nowMs: number,
): Promise<void> {
  const name = validate(NameSchema, input.name);
  const { room } = await requireModerator(deps, input.roomId, input.actor);
  const nowSeconds = Math.floor(nowMs / 1000);
  await deps.access.setSanction(
    room.roomId,
    personKey(name),
    { name, kind: input.kind, until: 0 },
    nowSeconds,
  );
  await record(
    deps,
    room.roomId,
    {
      at: new Date(nowMs).toISOString(),
      actor: input.actor.name,
      action: input.kind === 'mute' ? 'unmute' : 'unremove',
      target: name,
    },
    nowMs,
  );
}
