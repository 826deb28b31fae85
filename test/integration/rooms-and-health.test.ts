/**
 * Issue 13, points 2 and 3 against the local cloud: GET /rooms is paged, rooms expire 30 days after their last
 * message (a TTL on the room item, filtered on read), and /health/deep answers from one report every instance
 * shares, kept in the table.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../infra/local/cloud';
import { api, signIn, startTestCloud, tableClient } from './harness';

interface RoomPage {
  rooms: { roomId: string; name: string }[];
  next: string | null;
}

const DAY = 24 * 60 * 60;
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('rooms that do not pile up', () => {
  let cloud: LocalCloud;
  const stored = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf'];

  /** A room put straight into the table (creating them through the API would run into the creation limit). */
  async function putRoom(roomId: string, expiresAt: number | undefined): Promise<void> {
    await tableClient(cloud).send(
      new PutCommand({
        TableName: cloud.tableName,
        Item: {
          pk: 'ROOMS',
          sk: `ROOM#${roomId}`,
          roomId,
          name: roomId,
          createdAt: new Date().toISOString(),
          createdBy: 'setup',
          ...(expiresAt === undefined ? {} : { expiresAt }),
        },
      }),
    );
  }

  async function roomItem(roomId: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await tableClient(cloud).send(
      new GetCommand({ TableName: cloud.tableName, Key: { pk: 'ROOMS', sk: `ROOM#${roomId}` } }),
    );
    return Item;
  }

  beforeAll(async () => {
    cloud = await startTestCloud();
    for (const roomId of stored) await putRoom(roomId, nowSeconds() + 30 * DAY);
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  it('pages GET /rooms with limit and next, the lobby first, every room once', async () => {
    const seen: string[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const query: string = next ? `?limit=3&next=${encodeURIComponent(next)}` : '?limit=3';
      const page = await api<RoomPage>(cloud, 'GET', `/rooms${query}`);
      expect(page.status).toBe(200);
      expect(page.body.rooms.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.rooms.map((r) => r.roomId));
      next = page.body.next;
      pages++;
    } while (next && pages < 10);
    expect(seen).toEqual(['lobby', ...stored]);
    expect(pages).toBe(3);
  });

  it('gives a bounded first page by default', async () => {
    const page = await api<RoomPage>(cloud, 'GET', '/rooms');
    expect(page.status).toBe(200);
    expect(page.body.rooms[0]?.roomId).toBe('lobby');
    expect(page.body.rooms.length).toBeLessThanOrEqual(50);
  });

  it('answers 400 for a cursor it did not write or a limit out of range, and keeps serving', async () => {
    const badCursor = await api(cloud, 'GET', '/rooms?next=bm90LWEtY3Vyc29y');
    expect(badCursor).toEqual({
      status: 400,
      body: { error: { code: 'invalid_cursor', message: expect.any(String) } },
    });
    const badLimit = await api(cloud, 'GET', '/rooms?limit=1000');
    expect(badLimit).toEqual({
      status: 400,
      body: { error: { code: 'invalid_request', message: expect.any(String) } },
    });
    expect((await api(cloud, 'GET', '/rooms?limit=2')).status).toBe(200);
  });

  it('gives a created room a TTL 30 days ahead; the lobby has no item at all', async () => {
    const token = await signIn(cloud, 'ttl-maker');
    const before = nowSeconds();
    expect((await api(cloud, 'POST', '/rooms', { token, body: { name: 'Fresh Room' } })).status).toBe(201);
    const item = await roomItem('fresh-room');
    expect(item?.expiresAt).toBeGreaterThanOrEqual(before + 30 * DAY);
    expect(item?.expiresAt).toBeLessThanOrEqual(nowSeconds() + 30 * DAY);
    expect(await roomItem('lobby')).toBeUndefined();
  });

  it('leaves an expired room out of every read before DynamoDB deletes it, and frees its name', async () => {
    await putRoom('stale-room', nowSeconds() - 60);
    const all = await api<RoomPage>(cloud, 'GET', '/rooms?limit=100');
    expect(all.body.rooms.map((r) => r.roomId)).not.toContain('stale-room');
    const history = await api(cloud, 'GET', '/rooms/stale-room/messages');
    expect(history.status).toBe(404);
    const token = await signIn(cloud, 'reviver');
    const post = await api(cloud, 'POST', '/rooms/stale-room/messages', { token, body: { text: 'anyone?' } });
    expect(post.status).toBe(404);
    const recreated = await api<{ room: { createdBy: string } }>(cloud, 'POST', '/rooms', {
      token,
      body: { name: 'Stale Room' },
    });
    expect(recreated.status).toBe(201);
    expect(recreated.body.room.createdBy).toBe('reviver');
    expect((await roomItem('stale-room'))?.expiresAt).toBeGreaterThan(nowSeconds() + 29 * DAY);
  });

  it('pushes a room’s expiry out when someone posts in it, and leaves a fresh one alone', async () => {
    await putRoom('quiet-room', nowSeconds() + 2 * DAY);
    const token = await signIn(cloud, 'talker');
    const post = await api(cloud, 'POST', '/rooms/quiet-room/messages', {
      token,
      body: { text: 'still here' },
    });
    expect(post.status).toBe(201);
    const pushed = (await roomItem('quiet-room'))?.expiresAt;
    expect(pushed).toBeGreaterThan(nowSeconds() + 29 * DAY);

    // Within a day of a full 30 days, a message writes nothing: the expiry stays as it was.
    const nearlyFull = nowSeconds() + 30 * DAY - 3600;
    await tableClient(cloud).send(
      new UpdateCommand({
        TableName: cloud.tableName,
        Key: { pk: 'ROOMS', sk: 'ROOM#alpha' },
        UpdateExpression: 'SET expiresAt = :e',
        ExpressionAttributeValues: { ':e': nearlyFull },
      }),
    );
    expect(
      (await api(cloud, 'POST', '/rooms/alpha/messages', { token, body: { text: 'hello alpha' } })).status,
    ).toBe(201);
    expect((await roomItem('alpha'))?.expiresAt).toBe(nearlyFull);
  });
});

describe('a deep healthcheck that costs little', () => {
  let cloud: LocalCloud;

  beforeAll(async () => {
    cloud = await startTestCloud();
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  interface DeepHealth {
    status: string;
    time: string;
    checkedAt: string;
    checks: Record<string, { ok: boolean }>;
  }

  it('answers calls within 30 s from one shared report: the same checkedAt, kept in the table', async () => {
    const first = await api<DeepHealth>(cloud, 'GET', '/health/deep');
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('ok');
    expect(Object.keys(first.body.checks).sort()).toEqual(['bot', 'bus', 'sockets', 'table']);
    const checkedAt = Date.parse(first.body.checkedAt);
    expect(checkedAt).toBeLessThanOrEqual(Date.parse(first.body.time));

    // A burst, which the local Lambda runs on more than one instance: each answers from the stored report.
    const burst = await Promise.all(
      Array.from({ length: 8 }, () => api<DeepHealth>(cloud, 'GET', '/health/deep')),
    );
    for (const call of burst) {
      expect(call.status).toBe(200);
      expect(call.body.checkedAt).toBe(first.body.checkedAt);
    }

    const { Item } = await tableClient(cloud).send(
      new GetCommand({ TableName: cloud.tableName, Key: { pk: 'HEALTH', sk: 'DEEP' } }),
    );
    expect(Item?.checkedAtMs).toBe(checkedAt);
    expect(JSON.parse(String(Item?.report))).toMatchObject({ ok: true, checkedAt: first.body.checkedAt });
  });
});
