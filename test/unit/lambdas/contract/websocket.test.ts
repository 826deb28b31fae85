import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { webSocketRoutes } from '../../../../infra/spec';
import { ClientFrameSchema, ServerFrameSchema, webSocketOperations } from '../../../../lambdas/contract';

const ok = (schema: v.GenericSchema, value: unknown) => v.safeParse(schema, value).success;

describe('client frames', () => {
  it('reads each action and trims the text', () => {
    expect(
      v.parse(ClientFrameSchema, {
        action: 'sendMessage',
        roomId: 'lobby',
        text: ' hi ',
        clientMessageId: 'c1',
      }),
    ).toEqual({ action: 'sendMessage', roomId: 'lobby', text: 'hi', clientMessageId: 'c1' });
    expect(ok(ClientFrameSchema, { action: 'sendMessage', roomId: 'lobby', text: 'hi' })).toBe(true);
    expect(ok(ClientFrameSchema, { action: 'joinRoom', roomId: 'book-club' })).toBe(true);
    expect(ok(ClientFrameSchema, { action: 'typing', roomId: 'lobby' })).toBe(true);
    expect(ok(ClientFrameSchema, { action: 'ping' })).toBe(true);
  });

  it('refuses unknown actions and missing fields', () => {
    expect(ok(ClientFrameSchema, { action: 'dance' })).toBe(false);
    expect(ok(ClientFrameSchema, { action: 'joinRoom' })).toBe(false);
    expect(ok(ClientFrameSchema, { action: 'sendMessage', roomId: 'lobby' })).toBe(false);
  });

  it('has a route for every action, and an operation for every route', () => {
    const routed = webSocketRoutes.map((r) => r.routeKey).filter((k) => !k.startsWith('$'));
    const sent = webSocketOperations.filter((o) => o.direction === 'send').map((o) => o.name);
    expect(sent.sort()).toEqual(routed.sort());
  });
});

describe('server frames', () => {
  const message = {
    messageId: '1714557600000-a1b2c3d4e5',
    roomId: 'lobby',
    sender: 'Pyro',
    senderType: 'bot',
    text: 'hello',
    createdAt: '2024-05-01T10:00:00.000Z',
  };

  it('reads each type', () => {
    for (const frame of [
      { type: 'message', message },
      { type: 'ack', clientMessageId: 'c1', messageId: message.messageId },
      { type: 'error', code: 'rate_limited', message: 'slow down' },
      { type: 'presence', roomId: 'lobby', members: ['Ada'], count: 1 },
      { type: 'presenceChange', roomId: 'lobby', joined: ['Ada'], left: ['Bo'], count: 1 },
      { type: 'typing', roomId: 'lobby', name: 'Ada' },
      { type: 'pong' },
    ]) {
      expect(ok(ServerFrameSchema, frame), frame.type).toBe(true);
    }
  });

  it('allows an ack without clientMessageId: the server echoes one only when the frame had it', () => {
    expect(ok(ServerFrameSchema, { type: 'ack', messageId: message.messageId })).toBe(true);
  });

  it('refuses unknown types, unknown error codes and incomplete messages', () => {
    expect(ok(ServerFrameSchema, { type: 'surprise' })).toBe(false);
    expect(ok(ServerFrameSchema, { type: 'error', code: 'oops', message: 'x' })).toBe(false);
    expect(ok(ServerFrameSchema, { type: 'message', message: { ...message, createdAt: undefined } })).toBe(
      false,
    );
  });

  it('gives every operation examples its schema accepts', () => {
    for (const operation of webSocketOperations) {
      expect(operation.examples.length, operation.name).toBeGreaterThan(0);
      for (const example of operation.examples)
        expect(ok(operation.schema, example), operation.name).toBe(true);
    }
  });
});
