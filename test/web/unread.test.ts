import { describe, expect, it } from 'vitest';
import { limits } from '../../lambdas/contract/limits';
import type { ChatMessage } from '../../web/types';
import { countLabel, countsDescription, UnreadCounts } from '../../web/unread';

const msg = (roomId: string, sender: string, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  messageId: `${roomId}-${sender}-${Math.random()}`,
  roomId,
  sender,
  senderType: 'guest',
  text: 'hi',
  createdAt: '2024-05-01T10:00:00.000Z',
  ...extra,
});

describe('UnreadCounts', () => {
  it('takes the server’s counts for the rooms it listed with them', () => {
    const u = new UnreadCounts();
    u.fromServer(
      [
        { roomId: 'lobby', unread: 3, mentions: 1 },
        { roomId: 'books', unread: 0, mentions: 0 },
        { roomId: 'quiet' }, // listed without a token: no counts
      ],
      u.mark(),
    );
    expect(u.get('lobby')).toEqual({ unread: 3, mentions: 1 });
    expect(u.get('books')).toEqual({ unread: 0, mentions: 0 });
    expect([...u.all().keys()]).toEqual(['lobby']);
  });

  it('counts live messages from others, and mentions of me apart; my own are not unread', () => {
    const u = new UnreadCounts();
    expect(u.arrived(msg('lobby', 'Bob'), 'Ada')).toBe(true);
    expect(u.arrived(msg('lobby', 'Bob', { mentions: ['Ada'] }), 'Ada')).toBe(true);
    expect(u.arrived(msg('lobby', 'Ada'), 'Ada')).toBe(false);
    expect(u.get('lobby')).toEqual({ unread: 2, mentions: 1 });
  });

  it('clears a room once read, and takes no count for a room whose read marker the server did not have', () => {
    // The read markers' side (read-marker.ts): asked at mark 7; the lobby's marker settled or not.
    const markers = { lobbySettled: true };
    const u = new UnreadCounts({
      mark: () => 7,
      settledSince: (roomId, mark) => mark === 7 && (roomId !== 'lobby' || markers.lobbySettled),
    });
    u.arrived(msg('lobby', 'Bob'), 'Ada');
    expect(u.read('lobby')).toBe(true);
    expect(u.read('lobby')).toBe(false);
    markers.lobbySettled = false;
    u.fromServer(
      [
        { roomId: 'lobby', unread: 1, mentions: 0 },
        { roomId: 'books', unread: 3, mentions: 0 },
      ],
      u.mark(),
    );
    expect(u.get('lobby')).toEqual({ unread: 0, mentions: 0 });
    expect(u.get('books').unread).toBe(3);
    markers.lobbySettled = true;
    u.fromServer([{ roomId: 'lobby', unread: 2, mentions: 0 }], u.mark());
    expect(u.get('lobby').unread).toBe(2);
  });

  it('leaves the open room’s counts to the page (the socket tells it everything there)', () => {
    const u = new UnreadCounts();
    u.fromServer(
      [
        { roomId: 'lobby', unread: 4, mentions: 0 },
        { roomId: 'books', unread: 1, mentions: 1 },
      ],
      u.mark(),
      'lobby',
    );
    expect(u.get('lobby').unread).toBe(0);
    expect(u.get('books')).toEqual({ unread: 1, mentions: 1 });
  });

  it('stops at the server’s cap, which reads as "99+"', () => {
    const u = new UnreadCounts();
    u.fromServer([{ roomId: 'lobby', unread: limits.unread.max, mentions: 0 }], u.mark());
    u.arrived(msg('lobby', 'Bob'), 'Ada');
    expect(u.get('lobby').unread).toBe(limits.unread.max);
    expect(countLabel(limits.unread.max)).toBe(`${limits.unread.max - 1}+`);
    expect(countLabel(7)).toBe('7');
  });

  it('describes the counts for a screen reader', () => {
    expect(countsDescription({ unread: 3, mentions: 0 })).toBe('3 unread');
    expect(countsDescription({ unread: 3, mentions: 1 })).toBe('3 unread, 1 mention');
    expect(countsDescription({ unread: 4, mentions: 2 })).toBe('4 unread, 2 mentions');
    expect(countsDescription({ unread: 0, mentions: 0 })).toBe('');
  });
});
