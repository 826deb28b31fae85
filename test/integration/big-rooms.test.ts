import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../infra/local/cloud';
import { api, ChatClient, type Frame, signIn, startTestCloud } from './harness';

/**
 * Big rooms (issue 14) against the local cloud: 60 sockets in one room, fanned out in pages of 10 (so each message
 * takes the first page in the posting function and five FanOut invocations), presence from the table's stream
 * with snapshots capped at 20 names.
 */
const SOCKETS = 60;
const ROOM = 'big-room';
let cloud: LocalCloud;
const clients: ChatClient[] = [];
const names = Array.from({ length: SOCKETS }, (_, i) => `guest-${String(i).padStart(2, '0')}`);

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const personMessage = (f: Frame) =>
  f.type === 'message' && (f.message as { sender: string }).sender !== 'Pyro';

beforeAll(async () => {
  cloud = await startTestCloud({
    relaxedLimits: true,
    environment: { FAN_OUT_PAGE_SIZE: '10', PRESENCE_SNAPSHOT_NAMES: '20' },
  });
  const owner = await signIn(cloud, 'owner');
  await api(cloud, 'POST', '/rooms', { token: owner, body: { name: 'Big Room' } });
  // A join storm: every socket at once.
  const tokens = await Promise.all(names.map((name) => signIn(cloud, name)));
  clients.push(...(await Promise.all(tokens.map((token) => ChatClient.connect(cloud, token, ROOM)))));
  await cloud.presence.idle();
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await cloud?.stop();
});

/** Every `presenceChange` frame a client holds for the room, taken off its queue. */
function presenceChanges(client: ChatClient): Frame[] {
  const taken: Frame[] = [];
  for (let i = client.frames.length - 1; i >= 0; i--) {
    const frame = client.frames[i];
    if (frame?.type === 'presenceChange' && frame.roomId === ROOM)
      taken.unshift(...client.frames.splice(i, 1));
  }
  return taken;
}

describe('a room of 60 sockets', () => {
  it('gives each joiner the first names of the room, capped, with the count', async () => {
    for (const client of clients) {
      const snapshot = await client.next((f) => f.type === 'presence' && f.roomId === ROOM, 15_000);
      const members = snapshot.members as string[];
      expect(members.length).toBeLessThanOrEqual(20);
      expect(members).toEqual([...members].sort(byName));
      expect(snapshot.count).toBeGreaterThanOrEqual(members.length);
    }
    // The last snapshot sent is read once every join has been applied: the whole room, capped.
    const latest = await ChatClient.connect(cloud, await signIn(cloud, 'latecomer'), ROOM);
    clients.push(latest);
    const snapshot = await latest.next((f) => f.type === 'presence' && f.roomId === ROOM, 15_000);
    expect(snapshot.count).toBe(SOCKETS + 1);
    expect(snapshot.members).toEqual([...names, 'latecomer'].sort(byName).slice(0, 20));
  });

  it('tells each member of the storm in a few coalesced presenceChange frames, not one per join', async () => {
    await cloud.presence.idle();
    const first = clients[0] as ChatClient;
    const frames = presenceChanges(first);
    const joined = new Set(frames.flatMap((f) => f.joined as string[]));
    expect(joined.has('latecomer')).toBe(true);
    // Each joined name is in the room; none is told twice in one frame.
    for (const frame of frames)
      expect(new Set(frame.joined as string[]).size).toBe((frame.joined as string[]).length);
    for (const name of joined) expect([...names, 'latecomer']).toContain(name);
    // Coalesced: fewer frames than joins (one per batch of about a second).
    expect(frames.length).toBeLessThan(SOCKETS);
    expect(frames.some((f) => (f.joined as string[]).length > 1)).toBe(true);
  });

  it('pages GET /rooms/{roomId}/members with a cursor and the count', async () => {
    const seen: string[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const query: string = next ? `?limit=25&next=${encodeURIComponent(next)}` : '?limit=25';
      const page = await api<{ members: string[]; count: number; next: string | null }>(
        cloud,
        'GET',
        `/rooms/${ROOM}/members${query}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.count).toBe(SOCKETS + 1);
      expect(page.body.members.length).toBeLessThanOrEqual(25);
      seen.push(...page.body.members);
      next = page.body.next;
      pages++;
    } while (next);
    expect(pages).toBe(3);
    expect(seen).toEqual([...names, 'latecomer'].sort(byName));
    const bad = await api(cloud, 'GET', `/rooms/${ROOM}/members?next=not-a-cursor`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'invalid_cursor' } });
  });

  it('delivers every message to every socket exactly once, the pages posted by parallel FanOut invocations', async () => {
    const before = cloud.runner.invocations('FanOut');
    const senders = clients.slice(0, 3);
    await Promise.all(
      senders.map(async (sender, i) => {
        sender.send({ action: 'sendMessage', roomId: ROOM, text: `hello ${i}`, clientMessageId: `c${i}` });
        await sender.next((f) => f.type === 'ack' && f.clientMessageId === `c${i}`, 15_000);
      }),
    );
    await cloud.eventBus.idle();
    for (const client of clients) {
      const texts: string[] = [];
      for (let i = 0; i < senders.length; i++) {
        const frame = await client.next(personMessage, 15_000);
        texts.push((frame.message as { text: string }).text);
      }
      expect(texts.sort()).toEqual(['hello 0', 'hello 1', 'hello 2']);
      expect(client.frames.filter(personMessage)).toEqual([]);
    }
    // 61 sockets in pages of 10: the poster posts the first, FanOut the other six, for each of 3 messages.
    expect(cloud.runner.invocations('FanOut') - before).toBeGreaterThanOrEqual(3 * 5);
  });

  it('tells the room who left, coalesced', async () => {
    const leaving = clients.splice(SOCKETS - 10, 10);
    await Promise.all(leaving.map((c) => c.close()));
    await cloud.presence.idle();
    const stayer = clients[0] as ChatClient;
    const left = new Set<string>();
    let count = -1;
    while (left.size < 10) {
      const frame = await stayer.next(
        (f) => f.type === 'presenceChange' && (f.left as string[]).length > 0,
        15_000,
      );
      for (const name of frame.left as string[]) left.add(name);
      count = frame.count as number;
    }
    expect([...left].sort()).toEqual(names.slice(SOCKETS - 10).sort());
    expect(count).toBe(SOCKETS + 1 - 10);
    const page = await api<{ count: number }>(cloud, 'GET', `/rooms/${ROOM}/members`);
    expect(page.body.count).toBe(SOCKETS + 1 - 10);
  });
});
