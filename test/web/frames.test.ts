import { describe, expect, it } from 'vitest';
import { normalizeMembers, parseServerFrame, socketUrl } from '../../web/frames';

describe('socketUrl', () => {
  it('puts the URL-encoded token and room in the query string', () => {
    expect(socketUrl('wss://abc.execute-api.eu-west-1.amazonaws.com/prod', 'a+b/c=', 'book club')).toBe(
      'wss://abc.execute-api.eu-west-1.amazonaws.com/prod?token=a%2Bb%2Fc%3D&roomId=book%20club',
    );
  });

  it('appends to a URL that already has a query string', () => {
    expect(socketUrl('ws://localhost:3001/?stage=local', 't', 'lobby')).toBe(
      'ws://localhost:3001/?stage=local&token=t&roomId=lobby',
    );
  });
});

describe('normalizeMembers', () => {
  it('accepts names as strings or as objects with a name, sorted and without duplicates', () => {
    expect(normalizeMembers(['bob', { name: 'Ada' }, 'Pyro', { name: 'bob' }, { nope: 1 }, 7, null])).toEqual(
      ['Ada', 'bob', 'Pyro'],
    );
  });

  it('gives an empty list for anything that is not an array', () => {
    expect(normalizeMembers({ members: ['Ada'] })).toEqual([]);
  });
});

describe('parseServerFrame', () => {
  const message = {
    messageId: '1714557600000-a1b2c3d4e5',
    roomId: 'lobby',
    sender: 'Ada',
    senderType: 'guest',
    text: 'hi',
    createdAt: '2024-05-01T10:00:00Z',
  };
  const messageId = message.messageId;

  it('reads every frame type of the contract', () => {
    expect(parseServerFrame(JSON.stringify({ type: 'message', message }))).toEqual({
      type: 'message',
      message,
    });
    expect(parseServerFrame(JSON.stringify({ type: 'ack', clientMessageId: 'c1', messageId }))).toEqual({
      type: 'ack',
      clientMessageId: 'c1',
      messageId,
    });
    // The server echoes clientMessageId only when the client sent one.
    expect(parseServerFrame(JSON.stringify({ type: 'ack', messageId }))).toEqual({ type: 'ack', messageId });
    expect(
      parseServerFrame('{"type":"presence","roomId":"lobby","members":["bob","Ada","cy"],"count":5}'),
    ).toEqual({ type: 'presence', roomId: 'lobby', members: ['Ada', 'bob', 'cy'], count: 5 });
    expect(
      parseServerFrame('{"type":"presenceChange","roomId":"lobby","joined":["cy"],"left":["bob"],"count":2}'),
    ).toEqual({ type: 'presenceChange', roomId: 'lobby', joined: ['cy'], left: ['bob'], count: 2 });
    expect(parseServerFrame('{"type":"typing","roomId":"lobby","name":"Bob"}')).toEqual({
      type: 'typing',
      roomId: 'lobby',
      name: 'Bob',
    });
    expect(parseServerFrame('{"type":"pong"}')).toEqual({ type: 'pong' });
  });

  it('keeps the clientMessageId of an error so the page can mark that message', () => {
    expect(
      parseServerFrame('{"type":"error","code":"rate_limited","message":"Slow down","clientMessageId":"c9"}'),
    ).toEqual({ type: 'error', code: 'rate_limited', message: 'Slow down', clientMessageId: 'c9' });
  });

  it('still reads an error frame that breaks the contract, so the page can mark the message', () => {
    expect(parseServerFrame('{"type":"error"}')).toEqual({
      type: 'error',
      code: 'internal',
      message: 'Something went wrong.',
    });
    expect(
      parseServerFrame('{"type":"error","code":"Mystery","message":"Hm","clientMessageId":"c3"}'),
    ).toEqual({
      type: 'error',
      code: 'internal',
      message: 'Hm',
      clientMessageId: 'c3',
    });
  });

  it('ignores malformed, unknown and binary frames', () => {
    expect(parseServerFrame('not json')).toBeNull();
    expect(parseServerFrame('null')).toBeNull();
    expect(parseServerFrame('{"type":"surprise"}')).toBeNull();
    expect(parseServerFrame('{"type":"message","message":{"text":"no id"}}')).toBeNull();
    expect(parseServerFrame('{"type":"ack","clientMessageId":"c1"}')).toBeNull();
    expect(
      parseServerFrame(JSON.stringify({ type: 'message', message: { ...message, messageId: 'm1' } })),
    ).toBeNull();
    const { senderType: _dropped, ...untyped } = message;
    expect(parseServerFrame(JSON.stringify({ type: 'message', message: untyped }))).toBeNull();
    expect(
      parseServerFrame(JSON.stringify({ type: 'message', message: { ...message, senderType: 'admin' } })),
    ).toBeNull();
    expect(parseServerFrame('{"type":"presence","roomId":"Not A Room","members":[]}')).toBeNull();
    expect(parseServerFrame('{"type":"typing","roomId":"lobby"}')).toBeNull();
    expect(parseServerFrame(new ArrayBuffer(4))).toBeNull();
  });
});
