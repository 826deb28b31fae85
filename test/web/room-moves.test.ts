import { describe, expect, it } from 'vitest';
import type { JoinRoomFrame } from '../../lambdas/contract/websocket';
import { RoomMoves } from '../../web/room-moves';

function setup(connected = true) {
  const sent: JoinRoomFrame[] = [];
  const socket = { connected };
  const moves = new RoomMoves((frame) => {
    if (!socket.connected) return false;
    sent.push(frame);
    return true;
  });
  return { moves, sent, socket };
}

describe('RoomMoves', () => {
  it('sends nothing when the socket opens in the room its URL named', () => {
    const { moves, sent } = setup();
    moves.connecting('lobby');
    moves.opened('lobby');
    expect(sent).toEqual([]);
  });

  it('moves the socket when the person switched while it was connecting', () => {
    const { moves, sent } = setup();
    moves.connecting('lobby');
    moves.opened('general');
    expect(sent).toEqual([{ action: 'joinRoom', roomId: 'general' }]);
    expect(moves.presence('lobby')).toBe(false);
    expect(moves.presence('general')).toBe(true);
    // Only the first presence frame ends the move.
    expect(moves.presence('general')).toBe(false);
  });

  it('a switch while connected sends joinRoom and waits for the room’s presence frame', () => {
    const { moves, sent } = setup();
    moves.switched('general');
    expect(sent).toEqual([{ action: 'joinRoom', roomId: 'general' }]);
    expect(moves.presence('general')).toBe(true);
  });

  it('a switch while offline sends nothing and leaves no move pending (the next URL names the room)', () => {
    const { moves, sent } = setup(false);
    moves.switched('general');
    expect(sent).toEqual([]);
    expect(moves.presence('general')).toBe(false);
  });

  it('a close forgets the pending move', () => {
    const { moves } = setup();
    moves.switched('general');
    moves.closed();
    expect(moves.presence('general')).toBe(false);
  });

  it('a message from another room with no move pending moves the socket back to the open room', () => {
    const { moves, sent } = setup();
    moves.messageFrom('lobby', 'lobby');
    expect(sent).toEqual([]);
    moves.messageFrom('general', 'lobby');
    expect(sent).toEqual([{ action: 'joinRoom', roomId: 'lobby' }]);
    // While that move is pending, more messages from the old room are expected and send nothing more.
    moves.messageFrom('general', 'lobby');
    expect(sent).toHaveLength(1);
  });

  it('a message from the old room during a pending move sends nothing', () => {
    const { moves, sent } = setup();
    moves.switched('general');
    moves.messageFrom('lobby', 'general');
    expect(sent).toEqual([{ action: 'joinRoom', roomId: 'general' }]);
  });
});
