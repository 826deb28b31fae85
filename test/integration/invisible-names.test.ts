/**
 * Names and room names that carry control, bidi or zero-width characters are refused end to end (the contract's
 * NameSchema and RoomNameSchema, through the functions and the local API Gateway), and the ones without still work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../infra/local/cloud';
import { api, signIn, startTestCloud } from './harness';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
});

afterAll(async () => {
  await cloud?.stop();
});

const refused = (code: string) => ({ status: 400, body: { error: { code, message: expect.any(String) } } });

describe('names with invisible characters', () => {
  it('are refused at sign-in as invalid_name, while the same name without them signs in', async () => {
    // A right-to-left override (shows "adA"), a zero-width space, a BOM at the start, a tab at the end.
    for (const name of ['\u202eAda', 'A\u200bda', '\ufeffAda', 'Ada\t']) {
      expect(await api(cloud, 'POST', '/sessions', { body: { name } }), JSON.stringify(name)).toEqual(
        refused('invalid_name'),
      );
    }
    expect(await api(cloud, 'POST', '/sessions', { body: { name: ' Ada ' } })).toMatchObject({
      status: 201,
      body: { name: 'Ada' },
    });
  });

  it('are refused as room names with invalid_room, and the service keeps creating rooms', async () => {
    const token = await signIn(cloud, 'roomer');
    for (const name of ['Book\u2066Club', 'Book\u200dClub', 'Book Club\u0000', '\u200fBook Club']) {
      expect(await api(cloud, 'POST', '/rooms', { token, body: { name } }), JSON.stringify(name)).toEqual(
        refused('invalid_room'),
      );
    }
    const created = await api(cloud, 'POST', '/rooms', { token, body: { name: 'Book Club' } });
    expect(created).toMatchObject({
      status: 201,
      body: { room: { roomId: 'book-club', name: 'Book Club' } },
    });
  });
});
