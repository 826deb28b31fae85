import { describe, expect, it } from 'vitest';
import { type MarkReadRequest, ReadMarker } from '../../web/read-marker';
import type { ChatMessage } from '../../web/types';
import { FakeClock } from './fakes';

const msg = (messageId: string, s: number, roomId = 'lobby'): ChatMessage => ({
  messageId,
  roomId,
  sender: 'Bob',
  senderType: 'guest',
  text: 'hi',
  createdAt: new Date(Date.UTC(2024, 4, 1, 10, 0, s)).toISOString(),
});

function setup(online = true) {
  const clock = new FakeClock();
  const sent: MarkReadRequest[] = [];
  const state = { online };
  const marker = new ReadMarker({
    clock,
    send: (frame) => {
      if (!state.online) return false;
      sent.push(frame);
      return true;
    },
  });
  return { clock, sent, marker, state };
}

describe('ReadMarker', () => {
  it('sends one markRead for the newest message seen once the scrolling settles', () => {
    const { clock, sent, marker } = setup();
    marker.seen(msg('m1', 1));
    marker.seen(msg('m2', 2));
    clock.advance(200);
    marker.seen(msg('m3', 3));
    expect(sent).toEqual([]);
    clock.advance(1000);
    expect(sent).toEqual([{ roomId: 'lobby', messageId: 'm3' }]);
  });

  it('never moves the marker back, nor sends the same one twice', () => {
    const { clock, sent, marker } = setup();
    expect(marker.seen(msg('m3', 3))).toBe(true);
    clock.advance(1000);
    expect(marker.seen(msg('m2', 2))).toBe(false);
    expect(marker.seen(msg('m3', 3))).toBe(false);
    clock.advance(1000);
    expect(sent).toEqual([{ roomId: 'lobby', messageId: 'm3' }]);
    expect(clock.pending).toBe(0);
  });

  it('keeps each room’s marker', () => {
    const { clock, sent, marker } = setup();
    marker.seen(msg('m1', 1, 'lobby'));
    marker.seen(msg('b1', 2, 'books'));
    clock.advance(1000);
    expect(sent).toEqual([
      { roomId: 'lobby', messageId: 'm1' },
      { roomId: 'books', messageId: 'b1' },
    ]);
  });

  it('keeps a marker the socket could not take until it is back', () => {
    const { clock, sent, marker, state } = setup(false);
    marker.seen(msg('m1', 1));
    clock.advance(1000);
    expect(sent).toEqual([]);
    state.online = true;
    marker.flush();
    marker.flush();
    expect(sent).toEqual([{ roomId: 'lobby', messageId: 'm1' }]);
  });
});
