/**
 * Issue 12, point 6 for guests, against the local cloud: `DELETE /sessions/current` ends the session. Its token is
 * refused from then on (401 over HTTP, refused at `$connect`), the socket it had open is closed within seconds, its
 * name is free for another guest at once, and a second sign-out with the same token is a 401. Everyone else keeps
 * chatting throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../infra/local/cloud';
import { api, ChatClient, ofType, presenceWith, presenceWithout, signIn, startTestCloud } from './harness';

const unauthorized = { status: 401, body: { error: { code: 'unauthorized', message: expect.any(String) } } };

/** Resolves with the close code once the socket is closed, or rejects after `timeoutMs`. */
function closedWithin(client: ChatClient, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    if (client.closeCode !== undefined) return resolve(client.closeCode);
    const timer = setTimeout(() => reject(new Error(`still open after ${timeoutMs} ms`)), timeoutMs);
    client.socket.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

const textOf = (frame: Record<string, unknown>) =>
  typeof frame.message === 'object' && frame.message !== null && 'text' in frame.message
    ? frame.message.text
    : undefined;

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
});

afterAll(async () => {
  await cloud?.stop();
});

describe('DELETE /sessions/current', () => {
  it('ends the session: its token gets 401, $connect refuses it, its socket closes, its name is free', async () => {
    const ada = await signIn(cloud, 'ada');
    const grace = await signIn(cloud, 'grace');
    const adaSocket = await ChatClient.connect(cloud, ada);
    const graceSocket = await ChatClient.connect(cloud, grace);
    try {
      // Ada hears grace arrive: both sockets are registered.
      await adaSocket.next(presenceWith('grace'));
      expect(
        (await api(cloud, 'POST', '/rooms/lobby/messages', { token: ada, body: { text: 'bye' } })).status,
      ).toBe(201);

      expect(await api(cloud, 'DELETE', '/sessions/current', { token: ada })).toEqual({
        status: 204,
        body: null,
      });

      // The socket that was open is closed by the server (DELETE @connections → a normal close).
      expect(await closedWithin(adaSocket, 5000)).toBe(1000);
      // The others see ada leave: the gateway ran her $disconnect.
      await graceSocket.next(presenceWithout('ada'));
      expect(
        await api(cloud, 'POST', '/rooms/lobby/messages', { token: ada, body: { text: 'still here?' } }),
      ).toEqual(unauthorized);
      expect(await api(cloud, 'POST', '/rooms', { token: ada, body: { name: 'Ghost Room' } })).toEqual(
        unauthorized,
      );
      await expect(ChatClient.connect(cloud, ada)).rejects.toThrow('handshake refused: 401');
      // A second sign-out with the same token: the session has ended already.
      expect(await api(cloud, 'DELETE', '/sessions/current', { token: ada })).toEqual(unauthorized);

      // The name is free at once: another guest takes it, and can chat as it.
      const newAda = await api<{ token: string; name: string }>(cloud, 'POST', '/sessions', {
        body: { name: 'Ada' },
      });
      expect(newAda.status).toBe(201);
      expect(
        (
          await api(cloud, 'POST', '/rooms/lobby/messages', {
            token: newAda.body.token,
            body: { text: 'mine now' },
          })
        ).status,
      ).toBe(201);
      // The old token stays refused: the name's hold now carries another session's id.
      expect(
        await api(cloud, 'POST', '/rooms/lobby/messages', { token: ada, body: { text: 'me again' } }),
      ).toEqual(unauthorized);
      await expect(ChatClient.connect(cloud, ada)).rejects.toThrow('handshake refused: 401');

      // Everyone else kept going: grace still posts and hears the room.
      graceSocket.send({
        action: 'sendMessage',
        roomId: 'lobby',
        text: 'still chatting',
        clientMessageId: 'g-1',
      });
      await graceSocket.next((f) => f.type === 'ack' && f.clientMessageId === 'g-1');
      await graceSocket.next((f) => f.type === 'message' && textOf(f) === 'mine now');
    } finally {
      await Promise.all([adaSocket.close(), graceSocket.close()]);
    }
  });

  it("closes only the signing-out session's sockets, all of them", async () => {
    const bo = await signIn(cloud, 'bo');
    const cy = await signIn(cloud, 'cy');
    const boTabs = await Promise.all([ChatClient.connect(cloud, bo), ChatClient.connect(cloud, bo, 'lobby')]);
    const cySocket = await ChatClient.connect(cloud, cy);
    try {
      expect((await api(cloud, 'DELETE', '/sessions/current', { token: bo })).status).toBe(204);
      expect(await Promise.all(boTabs.map((tab) => closedWithin(tab, 5000)))).toEqual([1000, 1000]);
      cySocket.send({ action: 'ping' });
      await cySocket.next(ofType('pong'));
      expect(cySocket.closeCode).toBeUndefined();
    } finally {
      await Promise.all([...boTabs, cySocket].map((c) => c.close()));
    }
  });

  it('refuses a missing, a forged and an unsigned-in token with 401, and signs out a session with no socket', async () => {
    expect(await api(cloud, 'DELETE', '/sessions/current')).toEqual(unauthorized);
    const dee = await signIn(cloud, 'dee');
    expect(await api(cloud, 'DELETE', '/sessions/current', { token: `${dee}x` })).toEqual(unauthorized);
    expect((await api(cloud, 'DELETE', '/sessions/current', { token: dee })).status).toBe(204);
    expect(await api(cloud, 'POST', '/rooms/lobby/messages', { token: dee, body: { text: 'hi' } })).toEqual(
      unauthorized,
    );
  });
});
