/**
 * Issue 12, point 4 against the local cloud: a guest's name is held by its session until the session expires, so a
 * second guest cannot take it, nor a name that looks like it (case, spaces, `_`/`-`, `0`/`o`, `1`/`l`/`I`,
 * `rn`/`m`), nor a look-alike of the bot's; once the session has expired the name is free again; only the session
 * that holds a name can release it.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../infra/local/cloud';
import { usageLimits } from '../../infra/spec';
import { GuestNameTable } from '../../lambdas/adapters/guest-name-table';
import { canonicalName } from '../../lambdas/contract/canonical-name';
import { api, signIn, startTestCloud, tableClient } from './harness';

interface Signed {
  token: string;
  name: string;
  expiresAt: string;
}

const refused = (code: string) => ({ status: 409, body: { error: { code, message: expect.any(String) } } });
const nowSeconds = () => Math.floor(Date.now() / 1000);
const SIGNINS = Number(usageLimits.LIMIT_GUEST_SIGNINS_PER_MINUTE);

/** The session id a token carries (its payload is base64url JSON; the signature is checked by the functions). */
function sessionIdOf(token: string): string {
  const [payload = ''] = token.split('.');
  const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  if (typeof claims !== 'object' || claims === null || !('s' in claims) || typeof claims.s !== 'string') {
    throw new Error(`no session id in ${token}`);
  }
  return claims.s;
}

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startTestCloud({
    environment: { LIMIT_GUEST_SIGNINS_PER_MINUTE: usageLimits.LIMIT_GUEST_SIGNINS_PER_MINUTE },
  });
});

afterAll(async () => {
  await cloud?.stop();
});

async function holdOf(name: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await tableClient(cloud).send(
    new GetCommand({
      TableName: cloud.tableName,
      Key: { pk: `NAME#${canonicalName(name)}`, sk: 'NAME' },
      ConsistentRead: true,
    }),
  );
  return Item;
}

describe('a held guest name', () => {
  let alice: Signed;

  beforeAll(async () => {
    const answer = await api<Signed>(cloud, 'POST', '/sessions', { body: { name: 'alice' } });
    expect(answer.status).toBe(201);
    alice = answer.body;
  });

  it("is held in the table by the session, under the name's skeleton, until the token expires", async () => {
    expect(await holdOf('alice')).toEqual({
      pk: 'NAME#allce',
      sk: 'NAME',
      kind: 'guest',
      name: 'alice',
      sessionId: sessionIdOf(alice.token),
      expiresAt: Date.parse(alice.expiresAt) / 1000,
    });
  });

  it.each(['alice', 'Alice', 'ALICE', 'a lice', 'A_L-I_C_E', 'aIice', 'a1ice', 'AL1CE'])(
    'cannot be taken by a second guest as %j (409 name_taken)',
    async (name) => {
      expect(await api(cloud, 'POST', '/sessions', { body: { name }, from: '127.0.0.21' })).toEqual(
        refused('name_taken'),
      );
    },
  );

  it("stays its holder's: the first session still posts, its hold unchanged, and others still sign in", async () => {
    const posted = await api(cloud, 'POST', '/rooms/lobby/messages', {
      token: alice.token,
      body: { text: 'still me' },
    });
    expect(posted).toMatchObject({ status: 201, body: { message: { sender: 'alice' } } });
    expect((await holdOf('alice'))?.sessionId).toBe(sessionIdOf(alice.token));
    expect((await api(cloud, 'POST', '/sessions', { body: { name: 'alicia' } })).status).toBe(201);
  });

  it('holds look-alikes apart both ways: "Sam" held, "Sarn" is taken', async () => {
    await signIn(cloud, 'Sam');
    expect(await api(cloud, 'POST', '/sessions', { body: { name: 'Sarn' }, from: '127.0.0.22' })).toEqual(
      refused('name_taken'),
    );
  });

  it('is free again once the session has expired, even before DynamoDB deletes the hold', async () => {
    // The hold's expiry moved to the past stands for 12 hours gone by: DynamoDB's TTL deletes late, so the claim's
    // condition is what frees the name.
    await tableClient(cloud).send(
      new UpdateCommand({
        TableName: cloud.tableName,
        Key: { pk: 'NAME#allce', sk: 'NAME' },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': nowSeconds() - 1 },
      }),
    );
    const next = await api<Signed>(cloud, 'POST', '/sessions', {
      body: { name: 'A l i c e' },
      from: '127.0.0.23',
    });
    expect(next).toMatchObject({ status: 201, body: { name: 'A l i c e' } });
    expect(await holdOf('alice')).toMatchObject({
      name: 'A l i c e',
      sessionId: sessionIdOf(next.body.token),
      expiresAt: Date.parse(next.body.expiresAt) / 1000,
    });
    // And now the new holder's: the old spelling is refused again.
    expect(await api(cloud, 'POST', '/sessions', { body: { name: 'alice' }, from: '127.0.0.23' })).toEqual(
      refused('name_taken'),
    );
  });

  it('is released only by the session that holds it (the conditional delete sign-out will use)', async () => {
    const holds = new GuestNameTable(tableClient(cloud), cloud.tableName);
    const bob = await api<Signed>(cloud, 'POST', '/sessions', { body: { name: 'bob' } });
    expect(bob.status).toBe(201);
    expect(await holds.release('bob', sessionIdOf(alice.token))).toBe(false);
    expect(await holds.release('nobody', sessionIdOf(bob.body.token))).toBe(false);
    expect(await api(cloud, 'POST', '/sessions', { body: { name: 'B0B' } })).toEqual(refused('name_taken'));

    expect(await holds.release('bob', sessionIdOf(bob.body.token))).toBe(true);
    expect(await holdOf('bob')).toBeUndefined();
    expect((await api(cloud, 'POST', '/sessions', { body: { name: 'B0B' } })).status).toBe(201);
  });
});

describe("the bot's name", () => {
  it.each(['Pyro', 'pyro', 'Pyr0', 'PYR0', 'P y r o', 'p_y-r_o', 'Py-r0'])(
    'and its look-alike %j are refused with 409 name_reserved',
    async (name) => {
      expect(await api(cloud, 'POST', '/sessions', { body: { name }, from: '127.0.0.24' })).toEqual(
        refused('name_reserved'),
      );
    },
  );

  it('costs no slot of the sign-in limit when refused, and holds nothing', async () => {
    const address = '127.0.0.25';
    for (let i = 0; i < SIGNINS + 5; i++) {
      expect((await api(cloud, 'POST', '/sessions', { body: { name: 'Pyr0' }, from: address })).status).toBe(
        409,
      );
    }
    expect(await holdOf('pyro')).toBeUndefined();
    expect((await api(cloud, 'POST', '/sessions', { body: { name: 'patient' }, from: address })).status).toBe(
      201,
    );
  });
});
