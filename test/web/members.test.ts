import { describe, expect, it, vi } from 'vitest';
import { Members, type MembersView } from '../../web/members';
import { FakeClock, recordingView } from './fakes';

function setup(
  listMembers: (roomId: string) => Promise<{ members: unknown; count: unknown }> = async () => ({
    members: [],
    count: 0,
  }),
) {
  const clock = new FakeClock();
  const { view, calls } = recordingView<MembersView>();
  const state = { room: 'lobby' };
  const onChange = vi.fn();
  const api = { listMembers: vi.fn(listMembers) };
  const members = new Members({
    api: () => api,
    view,
    clock,
    room: () => state.room,
    me: () => 'Ada',
    onChange,
  });
  const typingLines = () => calls.filter((c) => c[0] === 'showTyping').map((c) => c[1]);
  return { members, clock, calls, state, onChange, api, typingLines };
}

describe('Members', () => {
  it('keeps each room’s list from presence frames and draws the open room’s', () => {
    const { members, calls } = setup();
    members.set('lobby', ['Ada', 'Bob']);
    members.set('general', ['Cy']);
    members.render();
    expect(calls[0]).toEqual(['showMembers', ['Ada', 'Bob'], 'Ada', 2]);
    expect(members.in('general')).toEqual(['Cy']);
    expect(members.in('elsewhere')).toEqual([]);
  });

  it('refresh reads the list over HTTP, normalized, and asks for a redraw only for the open room', async () => {
    const { members, api, onChange, state } = setup(async () => ({
      members: [{ name: 'bob' }, 'Ada', { name: 'Bob' }, 'Ada'],
      count: 70,
    }));
    await members.refresh('lobby');
    expect(api.listMembers).toHaveBeenCalledWith('lobby');
    expect(members.in('lobby')).toEqual(['Ada', 'bob', 'Bob']);
    expect(members.countIn('lobby')).toBe(70);
    expect(onChange).toHaveBeenCalledTimes(1);
    state.room = 'general';
    await members.refresh('lobby');
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('applies presenceChange frames as set operations: left, then joined, with the room’s count', () => {
    const { members, calls } = setup();
    members.set('lobby', ['Ada', 'Bob', 'Cy'], 250);
    members.change('lobby', ['Dee', 'Ada'], ['Bob'], 251);
    expect(members.in('lobby')).toEqual(['Ada', 'Cy', 'Dee']);
    expect(members.countIn('lobby')).toBe(251);
    // Told again (the stream delivers at least once): nothing changes.
    members.change('lobby', ['Dee', 'Ada'], ['Bob'], 251);
    expect(members.in('lobby')).toEqual(['Ada', 'Cy', 'Dee']);
    members.change('general', ['Eve'], [], 1);
    expect(members.in('general')).toEqual(['Eve']);
    members.render();
    expect(calls.find((c) => c[0] === 'showMembers')).toEqual([
      'showMembers',
      ['Ada', 'Cy', 'Dee'],
      'Ada',
      251,
    ]);
  });

  it('counts at least the names it knows', () => {
    const { members } = setup();
    members.change('lobby', ['Ada', 'Bob'], [], 1);
    expect(members.countIn('lobby')).toBe(2);
    expect(members.countIn('elsewhere')).toBe(0);
  });

  it('refresh keeps the list it had when the request fails (presence frames still come)', async () => {
    const { members, onChange } = setup(async () => {
      throw new Error('offline');
    });
    members.set('lobby', ['Ada']);
    await members.refresh('lobby');
    expect(members.in('lobby')).toEqual(['Ada']);
    expect(onChange).not.toHaveBeenCalled();
  });

  it('shows who is typing in the open room, not the person themself nor other rooms', () => {
    const { members, typingLines } = setup();
    members.typingFrom('lobby', 'Ada');
    members.typingFrom('general', 'Cy');
    expect(typingLines()).toEqual([]);
    members.typingFrom('lobby', 'Bob');
    members.typingFrom('lobby', 'Cy');
    expect(typingLines()).toEqual(['Bob is typing…', 'Bob and Cy are typing…']);
  });

  it('clears a typing notice by itself after 4 seconds, redrawing just after it runs out', () => {
    const { members, clock, typingLines } = setup();
    members.typingFrom('lobby', 'Bob');
    clock.advance(4_019);
    expect(typingLines()).toEqual(['Bob is typing…']);
    clock.advance(1);
    expect(typingLines()).toEqual(['Bob is typing…', '']);
    expect(clock.pending).toBe(0);
  });

  it('a new notice restarts the wait rather than adding a second timer', () => {
    const { members, clock, typingLines } = setup();
    members.typingFrom('lobby', 'Bob');
    clock.advance(3_000);
    members.typingFrom('lobby', 'Bob');
    expect(clock.pending).toBe(1);
    clock.advance(3_000);
    expect(typingLines().at(-1)).toBe('Bob is typing…');
    clock.advance(1_100);
    expect(typingLines().at(-1)).toBe('');
  });

  it('a message ends its sender’s notice at the next draw; a room change forgets everyone', () => {
    const { members, typingLines } = setup();
    members.typingFrom('lobby', 'Bob');
    members.typingFrom('lobby', 'Cy');
    members.spoke('Bob');
    members.render();
    expect(typingLines().at(-1)).toBe('Cy is typing…');
    members.roomChanged();
    members.render();
    expect(typingLines().at(-1)).toBe('');
  });

  it('does nothing over HTTP before the API is known', async () => {
    const onChange = vi.fn();
    const members = new Members({
      api: () => null,
      view: recordingView<MembersView>().view,
      clock: new FakeClock(),
      room: () => 'lobby',
      me: () => null,
      onChange,
    });
    await members.refresh('lobby');
    expect(onChange).not.toHaveBeenCalled();
  });
});
