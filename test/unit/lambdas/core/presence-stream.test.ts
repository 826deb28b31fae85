import { describe, expect, it } from 'vitest';
import type { FanOutPage } from '../../../../lambdas/core/fan-out-pages';
import {
  coalesce,
  FRAME_BUDGET_BYTES,
  presenceChangeFrames,
  processPresenceBatch,
  type StreamRecord,
  socketMoves,
} from '../../../../lambdas/core/presence-stream';
import { fakeWorld, T0 } from './fakes';
import { MemoryMemberStore } from './member-fakes';

const EXPIRES = T0 / 1000 + 3 * 3600;

/** A connection item as the stream's images carry it (DynamoDB JSON). */
function image(connectionId: string, roomId: string, name: string) {
  return {
    pk: { S: `CONN#${connectionId}` },
    sk: { S: 'CONN' },
    connectionId: { S: connectionId },
    roomId: { S: roomId },
    name: { S: name },
    expiresAt: { N: String(EXPIRES) },
  };
}
const insert = (id: string, roomId: string, name: string): StreamRecord => ({
  eventName: 'INSERT',
  dynamodb: { NewImage: image(id, roomId, name) },
});
const remove = (id: string, roomId: string, name: string): StreamRecord => ({
  eventName: 'REMOVE',
  dynamodb: { OldImage: image(id, roomId, name) },
});
const move = (id: string, from: string, to: string, name: string): StreamRecord => ({
  eventName: 'MODIFY',
  dynamodb: { OldImage: image(id, from, name), NewImage: image(id, to, name) },
});

describe('socketMoves', () => {
  it('reads joins, leaves and moves from connection records, in order', () => {
    expect(
      socketMoves([
        insert('c1', 'lobby', 'Ada'),
        move('c1', 'lobby', 'music', 'Ada'),
        remove('c1', 'music', 'Ada'),
      ]),
    ).toEqual([
      { connectionId: 'c1', name: 'Ada', to: 'lobby', expiresAt: EXPIRES },
      { connectionId: 'c1', name: 'Ada', from: 'lobby', to: 'music', expiresAt: EXPIRES },
      { connectionId: 'c1', name: 'Ada', from: 'music', expiresAt: EXPIRES },
    ]);
  });

  it('ignores a MODIFY within the room (a typing timestamp) and items that are not connections', () => {
    const typing: StreamRecord = {
      eventName: 'MODIFY',
      dynamodb: {
        OldImage: image('c1', 'lobby', 'Ada'),
        NewImage: { ...image('c1', 'lobby', 'Ada'), typingAt: { N: '1' } },
      },
    };
    const message: StreamRecord = {
      eventName: 'INSERT',
      dynamodb: {
        NewImage: { pk: { S: 'ROOM#lobby' }, sk: { S: 'MSG#1' }, roomId: { S: 'lobby' }, name: { S: 'x' } },
      },
    };
    expect(socketMoves([typing, message, {}])).toEqual([]);
  });
});

describe('coalesce', () => {
  it('groups a burst by room and name, each socket ending as it last was', () => {
    const rooms = coalesce(
      socketMoves([
        insert('c1', 'lobby', 'Ada'),
        insert('c2', 'lobby', 'Bo'),
        insert('c3', 'lobby', 'Ada'),
        remove('c2', 'lobby', 'Bo'),
        insert('c4', 'music', 'Cy'),
        move('c4', 'music', 'lobby', 'Cy'),
      ]),
    );
    const lobby = rooms.get('lobby')?.names;
    expect(lobby?.get('Ada')).toEqual({ enter: new Set(['c1', 'c3']), leave: new Set(), expiresAt: EXPIRES });
    expect(lobby?.get('Bo')).toEqual({ enter: new Set(), leave: new Set(['c2']), expiresAt: EXPIRES });
    expect(lobby?.get('Cy')?.enter).toEqual(new Set(['c4']));
    expect(rooms.get('music')?.names.get('Cy')).toMatchObject({ enter: new Set(), leave: new Set(['c4']) });
  });
});

describe('presenceChangeFrames', () => {
  it('makes one frame for a burst, left before joined, with the count', () => {
    expect(presenceChangeFrames('lobby', ['Ada', 'Bo'], ['Cy'], 7)).toEqual([
      { type: 'presenceChange', roomId: 'lobby', joined: ['Ada', 'Bo'], left: ['Cy'], count: 7 },
    ]);
    expect(presenceChangeFrames('lobby', [], [], 7)).toEqual([]);
  });

  it('splits only to stay under the 32 KB frame limit, however many joined', () => {
    const names = Array.from(
      { length: 5000 },
      (_, i) => `someone-with-a-long-name-${String(i).padStart(5, '0')}`,
    );
    const frames = presenceChangeFrames('lobby', names, [], 5000);
    for (const frame of frames) expect(JSON.stringify(frame).length).toBeLessThanOrEqual(FRAME_BUDGET_BYTES);
    expect(FRAME_BUDGET_BYTES).toBeLessThan(32 * 1024);
    expect(frames.flatMap((f) => (f.type === 'presenceChange' ? f.joined : []))).toEqual(names);
    expect(frames.length).toBe(Math.ceil((JSON.stringify(names).length + 100) / FRAME_BUDGET_BYTES));
  });
});

function world() {
  const w = fakeWorld({ pageSize: 3 });
  const members = new MemoryMemberStore().add('lobby', 'Old', ['c-old']);
  w.connections.add('c-old', 'lobby', 'Old');
  return { ...w, members, snapshotNames: 2 };
}

describe('processPresenceBatch', () => {
  it('tells each member of a room one presenceChange for a whole burst of joins, and each joiner a capped snapshot', async () => {
    const w = world();
    const joiners = ['Ada', 'Bo', 'Cy', 'Dee', 'Eve'];
    for (const [i, name] of joiners.entries()) w.connections.add(`c${i}`, 'lobby', name);
    const result = await processPresenceBatch(
      w,
      joiners.map((name, i) => insert(`c${i}`, 'lobby', name)),
    );
    expect(result).toMatchObject({ rooms: 1, joined: 5, left: 0, framesPerMember: 1, snapshots: 5 });
    const change = { type: 'presenceChange', roomId: 'lobby', joined: joiners, left: [], count: 6 };
    expect(w.sockets.framesTo('c-old')).toEqual([change]);
    // A joiner: its snapshot (the first two names of six), then the change (which it may apply again).
    expect(w.sockets.framesTo('c2')).toEqual([
      { type: 'presence', roomId: 'lobby', members: ['Ada', 'Bo'], count: 6 },
      change,
    ]);
  });

  it('tells a room who left when a name’s last socket goes, not while another remains', async () => {
    const w = world();
    w.members.add('lobby', 'Ada', ['c1', 'c2']);
    await processPresenceBatch(w, [remove('c1', 'lobby', 'Ada')]);
    expect(w.sockets.posts).toEqual([]);
    expect(w.members.items.get('lobby\u0000Ada')?.sockets).toEqual(new Set(['c2']));
    await processPresenceBatch(w, [remove('c2', 'lobby', 'Ada')]);
    expect(w.sockets.framesTo('c-old')).toEqual([
      { type: 'presenceChange', roomId: 'lobby', joined: [], left: ['Ada'], count: 1 },
    ]);
    expect(w.members.items.has('lobby\u0000Ada')).toBe(false);
  });

  it('tells both rooms of a move', async () => {
    const w = world();
    w.members.add('music', 'Cy', ['c9']);
    w.connections.add('c9', 'music', 'Cy');
    w.connections.add('c-old', 'music', 'Old');
    const result = await processPresenceBatch(w, [move('c-old', 'lobby', 'music', 'Old')]);
    expect(result).toMatchObject({ rooms: 2, joined: 1, left: 1 });
    expect(w.sockets.framesTo('c9')).toEqual([
      { type: 'presenceChange', roomId: 'music', joined: ['Old'], left: [], count: 2 },
    ]);
  });

  it('tells the same again when a batch is retried, changing nothing twice', async () => {
    const w = world();
    w.connections.add('c1', 'lobby', 'Ada');
    const batch = [insert('c1', 'lobby', 'Ada')];
    await processPresenceBatch(w, batch);
    await processPresenceBatch(w, batch);
    const changes = w.sockets.framesTo('c-old');
    expect(changes).toHaveLength(2);
    expect(changes[0]).toEqual(changes[1]);
    expect(changes[0]).toMatchObject({ joined: ['Ada'], count: 2 });
    expect(w.members.items.get('lobby\u0000Ada')?.sockets).toEqual(new Set(['c1']));
  });

  it('fails the batch when the table cannot be written, so the mapping retries it', async () => {
    const w = world();
    w.members.failure = new Error('ProvisionedThroughputExceededException');
    await expect(processPresenceBatch(w, [insert('c1', 'lobby', 'Ada')])).rejects.toThrow(
      'ProvisionedThroughputExceededException',
    );
    expect(w.sockets.posts).toEqual([]);
  });

  it('hands the presenceChange for a big room’s further pages to FanOut, as messages are', async () => {
    const w = world();
    for (const name of ['Ada', 'Bo', 'Cy', 'Dee', 'Eve']) w.connections.add(`c-${name}`, 'lobby', name);
    const pages: FanOutPage[] = [];
    const dispatcher = {
      dispatch: async (handed: readonly FanOutPage[]) => {
        pages.push(...handed);
        return [];
      },
    };
    await processPresenceBatch({ ...w, fanOutPages: { pageSize: 3, dispatcher } }, [
      insert('c-Eve', 'lobby', 'Eve'),
    ]);
    // Six sockets in pages of three (the fake store's): the first page here, the second through FanOut.
    expect(pages).toHaveLength(1);
    expect(pages[0]?.frame).toMatchObject({ type: 'presenceChange', joined: ['Eve'] });
    const posted = new Set(w.sockets.posts.map((p) => p.connectionId));
    for (const c of pages[0]?.connections ?? [])
      expect(posted.has(c.connectionId) && c.connectionId !== 'c-Eve').toBe(false);
  });

  it('does nothing for a batch without connection changes', async () => {
    const w = world();
    expect(await processPresenceBatch(w, [])).toMatchObject({ rooms: 0, framesPerMember: 0 });
    expect(w.sockets.posts).toEqual([]);
  });
});
