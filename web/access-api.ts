/**
 * The routes of private rooms, direct messages and moderation (issue 16), over the page's API client: roles,
 * members, direct messages, removals, mutes and the moderation log. Each call takes the person's token; the page
 * runs them through SessionController.authorized, so an expired account token is renewed and the call made again.
 */
import type { ModerationLog, RoomPerson, RoomRoles, Sanction } from '../lambdas/contract/access';
import type { Api } from './api';
import type { Room } from './types';

export type GrantedRole = 'member' | 'moderator';

export interface Sanctioning {
  name: string;
  minutes: number;
  reason?: string;
}

export function createAccessApi(call: Api['call']) {
  const room = (roomId: string) => `/rooms/${encodeURIComponent(roomId)}`;
  const person = (roomId: string, what: string, name: string) =>
    `${room(roomId)}/${what}/${encodeURIComponent(name)}`;
  const body = ({ name, minutes, reason }: Sanctioning) =>
    reason ? { name, minutes, reason } : { name, minutes };
  return {
    /** Who has a role in the room (first page: rooms hold few), and the admins where they moderate. */
    listRoles: (token: string | undefined, roomId: string) =>
      call<RoomRoles>('GET', `${room(roomId)}/roles?limit=100`, undefined, token),
    putMember: async (token: string, roomId: string, name: string, role: GrantedRole) =>
      (await call<{ member: RoomPerson }>('PUT', person(roomId, 'members', name), { role }, token)).member,
    /** Takes a person's role away; the person's own name: leaves the room. */
    deleteMember: (token: string, roomId: string, name: string) =>
      call<void>('DELETE', person(roomId, 'members', name), undefined, token),
    openDm: async (token: string, name: string) =>
      (await call<{ room: Room }>('POST', '/dms', { name }, token)).room,
    remove: async (token: string, roomId: string, s: Sanctioning) =>
      (await call<{ sanction: Sanction }>('POST', `${room(roomId)}/removals`, body(s), token)).sanction,
    unremove: (token: string, roomId: string, name: string) =>
      call<void>('DELETE', person(roomId, 'removals', name), undefined, token),
    mute: async (token: string, roomId: string, s: Sanctioning) =>
      (await call<{ sanction: Sanction }>('POST', `${room(roomId)}/mutes`, body(s), token)).sanction,
    unmute: (token: string, roomId: string, name: string) =>
      call<void>('DELETE', person(roomId, 'mutes', name), undefined, token),
    moderationLog: (token: string, roomId: string) =>
      call<ModerationLog>('GET', `${room(roomId)}/moderation?limit=50`, undefined, token),
  };
}

export type AccessApi = ReturnType<typeof createAccessApi>;
