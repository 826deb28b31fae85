import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ConnectionState, ReconnectingSocket, type SocketLike } from '../../web/socket';
import { itemAt } from '../lists';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  closedWith: number | undefined;
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }

  close(code?: number): void {
    this.closedWith = code;
  }

  // What the server or the network does:
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  receive(data: unknown): void {
    this.onmessage?.({ data });
  }

  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

function setup(overrides: { url?: () => string | null } = {}) {
  const sockets: FakeSocket[] = [];
  const states: [ConnectionState, number | undefined][] = [];
  const opens: boolean[] = [];
  const closes: { code: number; wasOpen: boolean }[] = [];
  const data: unknown[] = [];
  let room = 'lobby';
  const socket = new ReconnectingSocket({
    url: overrides.url ?? (() => `wss://ws.example/prod?token=t&roomId=${room}`),
    onData: (d) => data.push(d),
    onState: (s, retry) => states.push([s, retry]),
    onOpen: ({ reconnect }) => opens.push(reconnect),
    onClose: (info) => closes.push(info),
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    random: () => 1,
    now: () => Date.now(),
  });
  return {
    socket,
    sockets,
    states,
    opens,
    closes,
    data,
    first: () => itemAt(sockets, 0, 'socket'),
    latest: () => itemAt(sockets, -1, 'socket'),
    setRoom: (r: string) => {
      room = r;
    },
  };
}

describe('ReconnectingSocket', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('connects, reports connecting then online, and passes frames on', () => {
    const t = setup();
    t.socket.start();
    expect(t.socket.state).toBe('connecting');
    t.latest().open();
    expect(t.socket.state).toBe('online');
    t.latest().receive('{"type":"pong"}');
    expect(t.data).toEqual(['{"type":"pong"}']);
    expect(t.opens).toEqual([false]);
  });

  it('sends JSON frames only while online', () => {
    const t = setup();
    t.socket.start();
    expect(t.socket.send({ action: 'ping' })).toBe(false);
    t.latest().open();
    expect(t.socket.send({ action: 'joinRoom', roomId: 'random' })).toBe(true);
    expect(t.latest().sent).toEqual([{ action: 'joinRoom', roomId: 'random' }]);
  });

  it('reconnects after an unexpected close with growing delays and a fresh URL', () => {
    const t = setup();
    t.socket.start();
    t.latest().drop();
    expect(t.states.at(-1)).toEqual(['offline', 500]);
    vi.advanceTimersByTime(499);
    expect(t.sockets).toHaveLength(1);
    t.setRoom('random');
    vi.advanceTimersByTime(1);
    expect(t.sockets).toHaveLength(2);
    expect(t.latest().url).toContain('roomId=random');
    t.latest().drop();
    expect(t.states.at(-1)).toEqual(['offline', 1000]);
    expect(t.closes).toEqual([
      { code: 1006, wasOpen: false },
      { code: 1006, wasOpen: false },
    ]);
  });

  it('reports a reconnect on the second successful open so the page catches up', () => {
    const t = setup();
    t.socket.start();
    t.latest().open();
    t.latest().drop(1001); // e.g. API Gateway's 2-hour limit
    vi.advanceTimersByTime(30_000);
    t.latest().open();
    expect(t.opens).toEqual([false, true]);
  });

  it('starts the backoff over after a connection that stayed up, but not after one that dropped at once', () => {
    const t = setup();
    t.socket.start();
    t.latest().drop();
    vi.advanceTimersByTime(500);
    t.latest().open();
    t.latest().drop();
    expect(t.states.at(-1)).toEqual(['offline', 1000]);
    vi.advanceTimersByTime(1000);
    t.latest().open();
    vi.advanceTimersByTime(60_000);
    t.latest().drop();
    expect(t.states.at(-1)).toEqual(['offline', 500]);
  });

  it('pings every 5 minutes to stay under API Gateway’s 10-minute idle timeout', () => {
    const t = setup();
    t.socket.start();
    t.latest().open();
    vi.advanceTimersByTime(5 * 60_000);
    expect(t.latest().sent).toEqual([{ action: 'ping' }]);
    t.latest().receive('{"type":"pong"}');
    vi.advanceTimersByTime(5 * 60_000);
    expect(t.latest().sent).toEqual([{ action: 'ping' }, { action: 'ping' }]);
  });

  it('gives up on a socket that answers nothing for a whole ping interval and reconnects', () => {
    const t = setup();
    t.socket.start();
    t.latest().open();
    vi.advanceTimersByTime(10 * 60_000);
    expect(t.first().closedWith).toBe(4000);
    expect(t.socket.state).toBe('offline');
    vi.advanceTimersByTime(500);
    expect(t.sockets).toHaveLength(2);
  });

  it('abandons a handshake that hangs', () => {
    const t = setup();
    t.socket.start();
    vi.advanceTimersByTime(15_000);
    expect(t.first().closedWith).toBe(4000);
    expect(t.closes).toEqual([{ code: 4000, wasOpen: false }]);
  });

  it('stays offline after stop and ignores the close that follows', () => {
    const t = setup();
    t.socket.start();
    t.latest().open();
    t.socket.stop();
    expect(t.latest().closedWith).toBe(1000);
    t.latest().drop(1000);
    vi.advanceTimersByTime(60_000);
    expect(t.sockets).toHaveLength(1);
    expect(t.socket.state).toBe('offline');
  });

  it('stays offline without retrying when there is no URL (signed out or token expired)', () => {
    const t = setup({ url: () => null });
    t.socket.start();
    vi.advanceTimersByTime(60_000);
    expect(t.sockets).toHaveLength(0);
    expect(t.socket.state).toBe('offline');
  });

  it('skips the remaining wait when asked to reconnect now', () => {
    const t = setup();
    t.socket.start();
    t.latest().drop();
    t.latest().drop(); // stale events of an old socket change nothing
    t.socket.reconnectNow();
    expect(t.sockets).toHaveLength(2);
    t.socket.reconnectNow(); // already connecting
    expect(t.sockets).toHaveLength(2);
  });

  it('drops an open socket at once when the browser says it went offline, then reconnects', () => {
    const t = setup();
    t.socket.start();
    t.latest().open();
    t.socket.dropNow();
    expect(t.socket.state).toBe('offline');
    expect(t.socket.send({ action: 'ping' })).toBe(false);
    t.socket.reconnectNow();
    expect(t.sockets).toHaveLength(2);
    t.latest().open();
    expect(t.socket.state).toBe('online');
  });
});
