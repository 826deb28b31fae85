import { describe, expect, it } from 'vitest';
import { ChatError } from '../../../../lambdas/core/errors';
import { deleteMessage, editMessage, react } from '../../../../lambdas/core/message-actions';
import { parseAdmins } from '../../../../lambdas/core/room-access';
import type { ChatMessage, Room } from '../../../../lambdas/core/types';
import { MemoryRoomAccess } from './access-fakes';
import { fakeWorld, T0 } from './fakes';
import { MemoryMessageRecords } from './message-record-fakes';

const ID = '1714565000000-aaaaaaaaaa';
const created = '2024-04-01T00:00:00.000Z';
const town: Room = {
  roomId: 'town',
  name: 'Town',
  createdAt: created,
  createdBy: 'ada',
  visibility: 'public',
  kind: 'room',
  owner: 'ada',
};
const club: Room = { ...town, roomId: 'club', name: 'Club', visibility: 'private' };

function world() {
  const w = fakeWorld({ rooms: [town, club] });
  const records = new MemoryMessageRecords(w.log);
  const access = new MemoryRoomAccess(w.rooms);
  for (const [roomId, name, role] of [
    ['town', 'ada', 'owner'],
    ['town', 'bob', 'moderator'],
    ['club', 'ada', 'owner'],
  ] as const) {
    access.roles.set(`${roomId}/${name}`, {
      key: name,
      name,
      role,
      addedBy: 'ada',
      addedAt: created,
      roomCreatedAt: created,
      kind: 'room',
      visibility: roomId === 'club' ? 'private' : 'public',
    });
  }
  const message = (roomId: string): ChatMessage => ({
    messageId: ID,
    roomId,
    sender: 'Gus',
    senderType: 'guest',
    text: 'spam spam',
    createdAt: '2024-05-01T11:00:00.000Z',
  });
  records.add(message('town'), undefined, 'session-gus');
  records.add(message('club'), undefined, 'session-gus');
  w.connections.add('c-carol', 'town', 'carol');
  const deps = {
    ...w,
    records,
    roomAccess: { rooms: w.rooms, access, admins: parseAdmins('root'), adminNames: ['root'] },
  };
  return { ...w, records, access, deps };
}

const user = (name: string) => ({ name, senderType: 'user' as const });

async function refusal(promise: Promise<unknown>): Promise<ChatError> {
  const err = await promise.catch((e: unknown) => e);
  if (!(err instanceof ChatError)) throw new Error(`expected a ChatError, got ${String(err)}`);
  return err;
}

describe('deleteMessage by moderators', () => {
  it.each(['ada', 'bob', 'root'])(
    'lets %s (owner, moderator, admin) delete a guest’s message, logged, the room told',
    async (name) => {
      const w = world();
      await deleteMessage(w.deps, { roomId: 'town', messageId: ID, author: user(name) });
      expect(w.records.entry('town', ID)).toMatchObject({ deleted: true });
      expect(w.sockets.framesTo('c-carol')).toEqual([
        { type: 'messageDeleted', roomId: 'town', messageId: ID },
      ]);
      expect(w.bus.events).toEqual([
        {
          detailType: 'MessageDeleted',
          detail: { roomId: 'town', messageId: ID, sender: 'Gus', visibility: 'public', deletedBy: name },
        },
      ]);
      expect(w.access.log.map((l) => l.entry)).toEqual([
        {
          at: new Date(T0).toISOString(),
          actor: name,
          action: 'deleteMessage',
          target: 'Gus',
          messageId: ID,
        },
      ]);
    },
  );

  it('refuses someone without a role with 403, and deletes nothing', async () => {
    const w = world();
    const err = await refusal(
      deleteMessage(w.deps, { roomId: 'town', messageId: ID, author: user('carol') }),
    );
    expect([err.code, err.status]).toEqual(['forbidden', 403]);
    expect(w.records.entry('town', ID)).toMatchObject({ text: 'spam spam' });
    expect(w.access.log).toEqual([]);
  });

  it('lets no admin into a private room (404), and its owner delete there', async () => {
    const w = world();
    expect(
      (await refusal(deleteMessage(w.deps, { roomId: 'club', messageId: ID, author: user('root') }))).code,
    ).toBe('room_not_found');
    await deleteMessage(w.deps, { roomId: 'club', messageId: ID, author: user('ada') });
    expect(w.bus.events[0]?.detail).toMatchObject({ visibility: 'private', deletedBy: 'ada' });
  });
});

describe('message actions in a private room', () => {
  it('answer a non-member 404 room_not_found before spending their allowance', async () => {
    const w = world();
    for (const action of [
      () => editMessage(w.deps, { roomId: 'club', messageId: ID, author: user('bob'), text: 'x' }),
      () =>
        react(w.deps, {
          roomId: 'club',
          messageId: ID,
          emoji: '👍',
          name: 'bob',
          kind: 'account',
          change: 'add',
        }),
      () => react(w.deps, { roomId: 'club', messageId: ID, emoji: '👍', name: 'Gus', change: 'add' }),
    ]) {
      expect((await refusal(action())).code).toBe('room_not_found');
    }
    expect(w.rateLimiter.calls).toEqual([]);
  });
});
