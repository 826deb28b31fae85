import { describe, expect, it } from 'vitest';
import { parseAdmins } from '../../../../lambdas/core/room-access';
import type { Room } from '../../../../lambdas/core/types';
import { bearerAuthenticate } from '../../../../lambdas/http/person';
import { makeRoomAccessHandler } from '../../../../lambdas/http/room-access.handler';
import { MemoryRoomAccess } from '../core/access-fakes';
import {
  FakeClock,
  FakeRateLimiter,
  FakeSocketSender,
  MemoryConnectionStore,
  MemoryRoomStore,
} from '../core/fakes';
import { ACCOUNT_TOKEN, bearer, bodyOf, httpEvent, identityCheck } from '../handler-env';

const created = '2024-04-01T00:00:00.000Z';
const town: Room = {
  roomId: 'town',
  name: 'Town',
  createdAt: created,
  createdBy: 'grace',
  visibility: 'public',
  kind: 'room',
  owner: 'grace',
};
const GRACE = `Bearer ${ACCOUNT_TOKEN}`;

function never(): never {
  throw new Error('expected a role');
}

function world(dmLimiter = new FakeRateLimiter()) {
  const rooms = new MemoryRoomStore([town]);
  const access = new MemoryRoomAccess(rooms).addAccount('grace', 'bob');
  access.roles.set('town/grace', {
    key: 'grace',
    name: 'grace',
    role: 'owner',
    addedBy: 'grace',
    addedAt: created,
    roomCreatedAt: created,
    kind: 'room',
    visibility: 'public',
  });
  const connections = new MemoryConnectionStore();
  const sockets = new FakeSocketSender();
  const handler = makeRoomAccessHandler({
    rooms,
    access,
    connections,
    sockets,
    admins: parseAdmins(''),
    adminNames: [],
    roomsPerHour: { limiter: dmLimiter, count: 10 },
    authenticate: bearerAuthenticate(identityCheck()),
    clock: new FakeClock(Date.now()),
  });
  const call = (routeKey: string, options: Parameters<typeof httpEvent>[1] = {}) =>
    handler(httpEvent(routeKey, options));
  return { access, connections, sockets, call };
}

describe('RoomAccess', () => {
  it('PUT …/members/{name} answers 200 with the role; the body may be absent', async () => {
    const w = world();
    const result = await w.call('PUT /rooms/{roomId}/members/{name}', {
      authorization: GRACE,
      pathParameters: { roomId: 'town', name: 'bob' },
    });
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({ member: { name: 'bob', role: 'moderator', addedBy: 'grace' } });
    const bad = await w.call('PUT /rooms/{roomId}/members/{name}', {
      authorization: GRACE,
      pathParameters: { roomId: 'town', name: 'bob' },
      body: '{"role":',
    });
    expect([bad.statusCode, bodyOf(bad)]).toEqual([
      400,
      { error: { code: 'invalid_json', message: expect.any(String) } },
    ]);
  });

  it('answers 401 without a token on every route but GET roles, and 401 for a bad token there', async () => {
    const w = world();
    for (const routeKey of [
      'PUT /rooms/{roomId}/members/{name}',
      'DELETE /rooms/{roomId}/members/{name}',
      'POST /dms',
      'POST /rooms/{roomId}/removals',
      'DELETE /rooms/{roomId}/removals/{name}',
      'POST /rooms/{roomId}/mutes',
      'DELETE /rooms/{roomId}/mutes/{name}',
      'GET /rooms/{roomId}/moderation',
    ]) {
      const result = await w.call(routeKey, { pathParameters: { roomId: 'town', name: 'bob' }, body: '{}' });
      expect(result.statusCode, routeKey).toBe(401);
    }
    const roles = await w.call('GET /rooms/{roomId}/roles', { pathParameters: { roomId: 'town' } });
    expect(bodyOf(roles)).toMatchObject({
      roomId: 'town',
      people: [{ name: 'grace', role: 'owner' }],
      admins: [],
    });
    const forged = await w.call('GET /rooms/{roomId}/roles', {
      pathParameters: { roomId: 'town' },
      authorization: 'Bearer x.y.z',
    });
    expect(forged.statusCode).toBe(401);
  });

  it('opens a direct message with 201, and answers 200 the next time', async () => {
    const w = world();
    const first = await w.call('POST /dms', { authorization: GRACE, body: '{"name":"bob"}' });
    expect(first.statusCode).toBe(201);
    expect(bodyOf(first)).toMatchObject({ room: { kind: 'dm', dmWith: 'bob' } });
    expect((await w.call('POST /dms', { authorization: GRACE, body: '{"name":"bob"}' })).statusCode).toBe(
      200,
    );
    const limiter = new FakeRateLimiter();
    limiter.allow = false;
    const full = world(limiter);
    const refused = await full.call('POST /dms', { authorization: GRACE, body: '{"name":"bob"}' });
    expect([refused.statusCode, bodyOf(refused)]).toEqual([
      429,
      {
        error: {
          code: 'rate_limited',
          message: expect.stringMatching(/10 rooms or direct messages an hour/),
        },
      },
    ]);
    expect(limiter.calls.map((c) => c.key)).toEqual(['rooms#account#grace']);
    const guest = await w.call('POST /dms', { authorization: bearer('Gus'), body: '{"name":"bob"}' });
    expect([guest.statusCode, bodyOf(guest)]).toEqual([
      403,
      { error: { code: 'forbidden', message: expect.any(String) } },
    ]);
  });

  it('removes (201, the socket told) and mutes (201) with until, lifts both (204), and logs each for moderators', async () => {
    const w = world();
    w.connections.add('c-gus', 'town', 'Gus');
    const removed = await w.call('POST /rooms/{roomId}/removals', {
      authorization: GRACE,
      pathParameters: { roomId: 'town' },
      body: '{"name":"Gus","minutes":2,"reason":"spam"}',
    });
    expect([removed.statusCode, bodyOf(removed)]).toEqual([
      201,
      {
        sanction: { roomId: 'town', name: 'Gus', kind: 'removal', until: expect.any(String), reason: 'spam' },
      },
    ]);
    expect(w.sockets.framesTo('c-gus')).toMatchObject([{ type: 'removed', roomId: 'town', reason: 'spam' }]);
    const muted = await w.call('POST /rooms/{roomId}/mutes', {
      authorization: GRACE,
      pathParameters: { roomId: 'town' },
      body: '{"name":"Gus"}',
    });
    expect(muted.statusCode).toBe(201);
    for (const routeKey of [
      'DELETE /rooms/{roomId}/mutes/{name}',
      'DELETE /rooms/{roomId}/removals/{name}',
    ]) {
      const lifted = await w.call(routeKey, {
        authorization: GRACE,
        pathParameters: { roomId: 'town', name: 'Gus' },
      });
      expect([lifted.statusCode, lifted.body]).toEqual([204, undefined]);
    }
    const log = await w.call('GET /rooms/{roomId}/moderation', {
      authorization: GRACE,
      pathParameters: { roomId: 'town' },
    });
    expect((bodyOf(log).entries as { action: string }[]).map((e) => e.action).sort()).toEqual(
      ['mute', 'remove', 'unmute', 'unremove'].sort(),
    );
    const guest = await w.call('GET /rooms/{roomId}/moderation', {
      authorization: bearer('Gus'),
      pathParameters: { roomId: 'town' },
    });
    expect(guest.statusCode).toBe(403);
  });

  it('answers 204 when a person leaves, and 404 for a room that does not exist', async () => {
    const w = world();
    const left = await w.call('DELETE /rooms/{roomId}/members/{name}', {
      authorization: GRACE,
      pathParameters: { roomId: 'town', name: 'grace' },
    });
    // The owner may not leave: 403; anyone else leaving is 204.
    expect(left.statusCode).toBe(403);
    await w.call('PUT /rooms/{roomId}/members/{name}', {
      authorization: GRACE,
      pathParameters: { roomId: 'town', name: 'bob' },
    });
    w.access.roles.set('town/grace', { ...(w.access.roles.get('town/grace') ?? never()), role: 'moderator' });
    const gone = await w.call('DELETE /rooms/{roomId}/members/{name}', {
      authorization: GRACE,
      pathParameters: { roomId: 'town', name: 'grace' },
    });
    expect([gone.statusCode, gone.body]).toEqual([204, undefined]);
    const missing = await w.call('DELETE /rooms/{roomId}/members/{name}', {
      authorization: GRACE,
      pathParameters: { roomId: 'nowhere', name: 'bob' },
    });
    expect([missing.statusCode, bodyOf(missing)]).toEqual([
      404,
      { error: { code: 'room_not_found', message: expect.any(String) } },
    ]);
  });

  it('answers 500 without details when the table fails', async () => {
    const w = world();
    w.access.getRole = async () => {
      throw new Error('ProvisionedThroughputExceededException');
    };
    const result = await w.call('PUT /rooms/{roomId}/members/{name}', {
      authorization: GRACE,
      pathParameters: { roomId: 'town', name: 'bob' },
    });
    expect([result.statusCode, bodyOf(result)]).toEqual([
      500,
      { error: { code: 'internal', message: 'Something went wrong on our side; try again' } },
    ]);
  });
});
