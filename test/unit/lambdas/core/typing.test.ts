import { describe, expect, it } from 'vitest';
import { typing } from '../../../../lambdas/core/typing';
import { fakeWorld, room } from './fakes';
import { MemoryTypingGate } from './limit-fakes';

const INTERVAL_MS = 2000;

function world() {
  const w = fakeWorld({ rooms: [room('general'), room('music')] });
  w.connections.add('c-bob', 'general', 'Bob');
  w.connections.add('c-cy', 'general', 'Cy');
  w.connections.add('c-dee', 'music', 'Dee');
  return { ...w, typingGate: new MemoryTypingGate(w.connections), typingIntervalMs: INTERVAL_MS };
}

const bob = (roomId: unknown = 'general') => ({ connectionId: 'c-bob', name: 'Bob', roomId });

describe('typing', () => {
  it('tells the others in the room, not the typist', async () => {
    const w = world();
    expect(await typing(w, bob())).toBe(true);
    expect(w.sockets.recipients()).toEqual(['c-cy']);
    expect(w.sockets.framesTo('c-cy')).toEqual([{ type: 'typing', roomId: 'general', name: 'Bob' }]);
  });

  it('drops, without a word, a second typing from the socket inside the interval', async () => {
    const w = world();
    await typing(w, bob());
    w.clock.nowMs += INTERVAL_MS - 1;
    expect(await typing(w, bob())).toBe(false);
    expect(w.sockets.posts).toHaveLength(1);
  });

  it('passes one on again once the interval is over', async () => {
    const w = world();
    await typing(w, bob());
    w.clock.nowMs += INTERVAL_MS;
    expect(await typing(w, bob())).toBe(true);
    expect(w.sockets.framesTo('c-cy')).toHaveLength(2);
  });

  it('paces each socket on its own: another typist is still passed on', async () => {
    const w = world();
    await typing(w, bob());
    expect(await typing(w, { connectionId: 'c-cy', name: 'Cy', roomId: 'general' })).toBe(true);
    expect(w.sockets.framesTo('c-bob')).toEqual([{ type: 'typing', roomId: 'general', name: 'Cy' }]);
  });

  it('drops, without a word, a typing for a room the socket is not in (an unknown room too)', async () => {
    const w = world();
    expect(await typing(w, bob('music'))).toBe(false);
    expect(await typing(w, bob('nowhere'))).toBe(false);
    expect(w.sockets.posts).toEqual([]);
  });

  it('refuses a malformed room id with invalid_room', async () => {
    const w = world();
    await expect(typing(w, bob('Not A Room'))).rejects.toMatchObject({ code: 'invalid_room' });
  });
});
