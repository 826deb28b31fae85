import { describe, expect, it, vi } from 'vitest';
import { formatTime } from '../../web/format';
import { handleRemoved } from '../../web/removed-frame';
import type { Room } from '../../web/types';

const list: Room[] = [
  { roomId: 'lobby', name: 'lobby' },
  { roomId: 'book-club', name: 'Book Club', visibility: 'private', kind: 'room' },
  { roomId: 'chess', name: 'Chess', visibility: 'public', kind: 'room' },
];
const now = Date.parse('2024-05-01T10:00:00.000Z');

function setup(current: string) {
  const rooms = { rooms: list, current, forget: vi.fn(), select: vi.fn() };
  const notify = vi.fn();
  return { rooms, notify, deps: { rooms, notify, now: () => now } };
}

describe('handleRemoved', () => {
  it('a public room: the notice with the reason and the time, and the page goes to the lobby', () => {
    const { rooms, notify, deps } = setup('chess');
    const until = '2024-05-01T11:00:00.000Z';
    handleRemoved({ type: 'removed', roomId: 'chess', reason: 'spam', until }, deps);
    expect(notify).toHaveBeenCalledWith(
      `A moderator removed you from # Chess. Reason: spam. You can come back at ${formatTime(until, new Date(now))}. You are in the lobby.`,
    );
    expect(rooms.select).toHaveBeenCalledWith('lobby');
    expect(rooms.forget).not.toHaveBeenCalled();
  });

  it('a private room: off the list (forget opens the lobby if it was open)', () => {
    const { rooms, notify, deps } = setup('book-club');
    handleRemoved({ type: 'removed', roomId: 'book-club', reason: 'membership ended' }, deps);
    expect(notify).toHaveBeenCalledWith('You are no longer a member of # Book Club. You are in the lobby.');
    expect(rooms.forget).toHaveBeenCalledWith('book-club');
    expect(rooms.select).not.toHaveBeenCalled();
  });

  it('a room the page has left meanwhile, or does not list: said, and the open room stays', () => {
    const { rooms, notify, deps } = setup('lobby');
    handleRemoved({ type: 'removed', roomId: 'gone', reason: 'removed' }, deps);
    expect(notify).toHaveBeenCalledWith('A moderator removed you from # gone. You are in the lobby.');
    expect(rooms.select).not.toHaveBeenCalled();
    expect(rooms.forget).not.toHaveBeenCalled();
  });
});
