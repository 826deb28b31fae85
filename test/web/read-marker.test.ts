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
  const markers = () => sent.map(({ roomId, messageId }) => ({ roomId, messageId }));
  return { clock, sent, markers, marker, state };
}

describe('ReadMarker', () => {
  it('sends one markRead for the newest message seen once the scrolling settles', () => {
    const { clock, markers, marker } = setup();
    marker.seen(msg('m1', 1));
    marker.seen(msg('m2', 2));
    clock.advance(200);
    marker.seen(msg('m3', 3));
    expect(markers()).toEqual([]);
    clock.advance(1000);
    expect(markers()).toEqual([{ roomId: 'lobby', messageId: 'm3' }]);
  });

  it('never moves the marker back, nor sends the same one twice', () => {
    const { clock, markers, marker } = setup();
    expect(marker.seen(msg('m3', 3))).toBe(true);
    clock.advance(1000);
    expect(marker.seen(msg('m2', 2))).toBe(false);
    expect(marker.seen(msg('m3', 3))).toBe(false);
    clock.advance(1000);
    expect(markers()).toEqual([{ roomId: 'lobby', messageId: 'm3' }]);
    expect(clock.pending).toBe(0);
  });

  it('keeps each room’s marker, each frame with its own clientMessageId', () => {
    const { clock, sent, marker } = setup();
    marker.seen(msg('m1', 1, 'lobby'));
    marker.seen(msg('b1', 2, 'books'));
    clock.advance(1000);
    expect(sent.map((f) => [f.roomId, f.messageId])).toEqual([
      ['lobby', 'm1'],
      ['books', 'b1'],
    ]);
    expect(new Set(sent.map((f) => f.clientMessageId)).size).toBe(2);
  });

  it('keeps a marker the socket could not take until it is back', () => {
    const { clock, markers, marker, state } = setup(false);
    marker.seen(msg('m1', 1));
    clock.advance(1000);
    expect(markers()).toEqual([]);
    state.online = true;
    marker.flush();
    marker.flush();
    expect(markers()).toEqual([{ roomId: 'lobby', messageId: 'm1' }]);
  });

  it('says whether the server knew of the room’s marker when it counted: waiting, in flight, stored later', () => {
    const { clock, sent, marker } = setup();
    const before = marker.mark();
    expect(marker.settledSince('lobby', before)).toBe(true);
    marker.seen(msg('m1', 1));
    expect(marker.settledSince('lobby', before)).toBe(false); // waiting
    clock.advance(1000);
    expect(marker.settledSince('lobby', before)).toBe(false); // sent, no ack
    expect(marker.settledSince('books', before)).toBe(true);
    expect(marker.acked(sent[0]?.clientMessageId ?? '')).toBe(true);
    // Counted before the ack: the server may not have had the marker. Counted after: it had.
    expect(marker.settledSince('lobby', before)).toBe(false);
    expect(marker.settledSince('lobby', marker.mark())).toBe(true);
    // Not a marker's ack (the composer's messages have their own ids).
    expect(marker.acked('c1')).toBe(false);
  });

  it('a refused marker settles too, and one lost with the socket is sent again', () => {
    const { clock, sent, marker } = setup();
    marker.seen(msg('m1', 1));
    clock.advance(1000);
    marker.disconnected();
    expect(marker.settledSince('lobby', marker.mark())).toBe(false);
    marker.flush();
    expect(sent.map((f) => f.messageId)).toEqual(['m1', 'm1']);
    expect(marker.failed(sent[1]?.clientMessageId ?? '')).toBe(true);
    expect(marker.settledSince('lobby', marker.mark())).toBe(true);
  });
});
