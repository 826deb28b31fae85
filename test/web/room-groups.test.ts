import { describe, expect, it } from 'vitest';
import { groupRooms, isPrivateRoom, roomLabel, roomTitle } from '../../web/room-groups';
import type { Room } from '../../web/types';

const lobby: Room = { roomId: 'lobby', name: 'lobby' };
const club: Room = {
  roomId: 'book-club',
  name: 'Book Club',
  visibility: 'private',
  kind: 'room',
  role: 'owner',
};
const chess: Room = { roomId: 'chess', name: 'Chess', visibility: 'public', kind: 'room' };
const dm: Room = {
  roomId: 'dm-3f2a9c0b1d4e5f60718293a4',
  name: 'Ada & Grace',
  visibility: 'private',
  kind: 'dm',
  dmWith: 'Grace',
};

describe('groupRooms', () => {
  it('puts direct messages apart, each group in the order given', () => {
    expect(groupRooms([lobby, club, dm, chess])).toEqual({ rooms: [lobby, club, chess], dms: [dm] });
    expect(groupRooms([])).toEqual({ rooms: [], dms: [] });
  });
});

describe('roomLabel and roomTitle', () => {
  it('titles a direct message by the other person, a room by its name', () => {
    expect(roomLabel(dm)).toBe('@ Grace');
    expect(roomLabel(club)).toBe('# Book Club');
    // A direct message from a page that has no dmWith yet falls back on the stored name.
    expect(roomLabel({ ...dm, dmWith: undefined })).toBe('@ Ada & Grace');
  });

  it('says a room is private in the title, and names a room not listed by its id', () => {
    const list = [lobby, club, dm, chess];
    expect(roomTitle(list, 'book-club')).toBe('# Book Club (private)');
    expect(roomTitle(list, 'chess')).toBe('# Chess');
    expect(roomTitle(list, dm.roomId)).toBe('Direct message with Grace');
    expect(roomTitle(list, 'gone')).toBe('# gone');
  });

  it('marks private rooms only (a direct message is private by nature; rooms before issue 16 are public)', () => {
    expect(isPrivateRoom(club)).toBe(true);
    expect(isPrivateRoom(dm)).toBe(false);
    expect(isPrivateRoom(chess)).toBe(false);
    expect(isPrivateRoom(lobby)).toBe(false);
  });
});
