import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

/**
 * The floor the local cloud is measured against: a bare `ws` server on 127.0.0.1 that does the least a chat
 * server can — broadcast each `sendMessage` to every socket (sender included, as Chatty does) and ack the
 * sender — with the same frames Chatty sends, so the load driver cannot tell the two apart.
 * No auth, no storage, no rooms: what is left is the cost of the sockets themselves.
 */
export interface WsBaseline {
  url: string;
  close(): Promise<void>;
}

export async function startWsBaseline(): Promise<WsBaseline> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  wss.on('connection', (socket, req) => {
    const name = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token') ?? 'guest';
    socket.on('message', (data) => {
      let frame: { roomId?: string; text?: string; clientMessageId?: string };
      try {
        frame = JSON.parse(String(data));
      } catch {
        return;
      }
      const messageId = randomUUID();
      const message = {
        messageId,
        roomId: frame.roomId,
        sender: name,
        text: frame.text,
        createdAt: new Date().toISOString(),
      };
      const out = JSON.stringify({ type: 'message', message });
      for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(out);
      socket.send(JSON.stringify({ type: 'ack', clientMessageId: frame.clientMessageId, messageId }));
    });
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
