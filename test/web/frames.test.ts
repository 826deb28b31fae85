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
    messageId: 'm1',
    roomId: 'lobby',
    sender: 'Ada',
    text: 'hi',
    createdAt: '2024-05-01T10:00:00Z',
  };

  it('reads every frame type of the contract', () => {
    expect(parseServerFrame(JSON.stringify({ type: 'message', message }))).toEqual({
      type: 'message',
      message,
    });
    expect(parseServerFrame('{"type":"ack","clientMessageId":"c1","messageId":"m1"}')).toEqual({
      type: 'ack',
      clientMessageId: 'c1',
      messageId: 'm1',
    });
    expect(parseServerFrame('{"type":"presence","roomId":"lobby","members":["b","a"]}')).toEqual({
      type: 'presence',
      roomId: 'lobby',
      members: ['a', 'b'],
    });
    expect(parseServerFrame('{"type":"typing","roomId":"lobby","name":"Bob"}')).toEqual({
      type: 'typing',
      roomId: 'lobby',
      name: 'Bob',
    });
    expect(parseServerFrame('{"type":"pong"}')).toEqual({ type: 'pong' });
  });

  it('keeps the clientMessageId of an error so the page can mark that message', () => {
    expect(
      parseServerFrame('{"type":"error","code":"RateLimited","message":"Slow down","clientMessageId":"c9"}'),
    ).toEqual({ type: 'error', code: 'RateLimited', message: 'Slow down', clientMessageId: 'c9' });
    expect(parseServerFrame('{"type":"error"}')).toEqual({
      type: 'error',
      code: 'Error',
      message: 'Something went wrong.',
    });
  });

  it('ignores malformed, unknown and binary frames', () => {
    expect(parseServerFrame('not json')).toBeNull();
    expect(parseServerFrame('null')).toBeNull();
    expect(parseServerFrame('{"type":"surprise"}')).toBeNull();
    expect(parseServerFrame('{"type":"message","message":{"text":"no id"}}')).toBeNull();
    expect(parseServerFrame('{"type":"ack","clientMessageId":"c1"}')).toBeNull();
    expect(parseServerFrame(new ArrayBuffer(4))).toBeNull();
  });
});
