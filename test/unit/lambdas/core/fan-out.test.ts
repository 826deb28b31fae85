import { describe, expect, it } from 'vitest';
import { CONNECT_GRACE_MS, fanOut, readAhead, sendFrame } from '../../../../lambdas/core/fan-out';
import type { ServerFrame } from '../../../../lambdas/core/types';
import { FakeSocketSender, MemoryConnectionStore, T0 } from './fakes';

const frame: ServerFrame = { type: 'typing', roomId: 'general', name: 'Ada' };

function roomWith(count: number, pageSize = 2): MemoryConnectionStore {
  const connections = new MemoryConnectionStore(pageSize);
  for (let i = 0; i < count; i++) connections.add(`c${String(i).padStart(2, '0')}`, 'general');
  return connections;
}

/** Records the delays instead of waiting them out. */
function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

describe('fanOut', () => {
  it('posts the frame as JSON to every live socket of the room, across all connection pages', async () => {
    const connections = roomWith(7, 2);
    connections.add('elsewhere', 'other');
    connections.add('expired', 'general', 'Old', T0 / 1000 - 1);
    const sockets = new FakeSocketSender();

    const result = await fanOut({ connections, sockets }, 'general', frame, T0);

    expect(connections.pagesServed).toBe(4);
    expect(sockets.recipients()).toEqual(['c00', 'c01', 'c02', 'c03', 'c04', 'c05', 'c06']);
    expect(sockets.framesTo('c03')).toEqual([frame]);
    expect(result).toEqual({ delivered: 7, gone: 0, throttled: 0, failed: 0 });
  });

  it('never has more posts in flight than the concurrency allows', async () => {
    const sockets = new FakeSocketSender();
    const result = await fanOut({ connections: roomWith(25, 4), sockets }, 'general', frame, T0, {
      concurrency: 3,
    });
    expect(result.delivered).toBe(25);
    expect(sockets.maxInFlight).toBe(3);
  });

  it('runs posts in parallel up to the default concurrency of 32', async () => {
    const sockets = new FakeSocketSender();
    await fanOut({ connections: roomWith(80, 10), sockets }, 'general', frame, T0);
    expect(sockets.maxInFlight).toBe(32);
  });

  it('skips the excluded connection', async () => {
    const sockets = new FakeSocketSender();
    const result = await fanOut({ connections: roomWith(3), sockets }, 'general', frame, T0, {
      exclude: 'c01',
    });
    expect(sockets.recipients()).toEqual(['c00', 'c02']);
    expect(result.delivered).toBe(2);
  });

  it('deletes exactly the connection whose socket has gone and delivers to the rest', async () => {
    const connections = roomWith(4);
    const sockets = new FakeSocketSender().script('c02', 'gone');

    const result = await fanOut({ connections, sockets }, 'general', frame, T0);

    expect(connections.deleted).toEqual(['c02']);
    expect([...connections.items.keys()].sort()).toEqual(['c00', 'c01', 'c03']);
    expect(result).toEqual({ delivered: 3, gone: 1, throttled: 0, failed: 0 });
  });

  it('keeps the record of a gone socket whose $connect may still be running', async () => {
    // API Gateway answers 410 while $connect runs; that socket is about to open, not closed.
    const connections = new MemoryConnectionStore();
    connections.add('opening', 'general', 'Ada', Number.MAX_SAFE_INTEGER, T0 - CONNECT_GRACE_MS + 1000);
    connections.add('closed', 'general', 'Bob', Number.MAX_SAFE_INTEGER, T0 - CONNECT_GRACE_MS - 1000);
    const sockets = new FakeSocketSender().script('opening', 'gone').script('closed', 'gone');

    const result = await fanOut({ connections, sockets }, 'general', frame, T0);

    expect(connections.deleted).toEqual(['closed']);
    expect(result.gone).toBe(2);
  });

  it('does not fail when deleting a gone connection fails', async () => {
    const connections = roomWith(2);
    connections.deleteConnection = async () => {
      throw new Error('table unavailable');
    };
    const sockets = new FakeSocketSender().script('c00', 'gone');
    const result = await fanOut({ connections, sockets }, 'general', frame, T0);
    expect(result).toEqual({ delivered: 1, gone: 1, throttled: 0, failed: 0 });
  });

  it('retries a throttled post with jittered, growing backoff until it is sent', async () => {
    const sockets = new FakeSocketSender().script('c00', 'throttled', 'throttled', 'throttled', 'sent');
    const { delays, sleep } = recordingSleep();
    const jitter = [0.5, 0.25, 0.75];

    const result = await fanOut({ connections: roomWith(1), sockets }, 'general', frame, T0, {
      backoffBaseMs: 100,
      sleep,
      random: () => jitter.shift() ?? 0,
    });

    // Full jitter: random() × base × 2^attempt.
    expect(delays).toEqual([0.5 * 100, 0.25 * 200, 0.75 * 400]);
    expect(sockets.framesTo('c00')).toHaveLength(4);
    expect(result).toEqual({ delivered: 1, gone: 0, throttled: 0, failed: 0 });
  });

  it('doubles the backoff ceiling on each retry', async () => {
    const sockets = new FakeSocketSender().script(
      'c00',
      'throttled',
      'throttled',
      'throttled',
      'throttled',
      'sent',
    );
    const { delays, sleep } = recordingSleep();
    await fanOut({ connections: roomWith(1), sockets }, 'general', frame, T0, { sleep, random: () => 1 });
    expect(delays).toEqual([25, 50, 100, 200]);
  });

  it('gives up on a socket that stays throttled after the retries and counts it', async () => {
    const sockets = new FakeSocketSender().script('c01', ...Array<'throttled'>(10).fill('throttled'));
    const { delays, sleep } = recordingSleep();

    const result = await fanOut({ connections: roomWith(3), sockets }, 'general', frame, T0, {
      maxThrottleRetries: 2,
      sleep,
      random: () => 0.5,
    });

    expect(sockets.framesTo('c01')).toHaveLength(3);
    expect(delays).toHaveLength(2);
    expect(result).toEqual({ delivered: 2, gone: 0, throttled: 1, failed: 0 });
  });

  it('counts an exception on one socket as failed and still delivers to the others', async () => {
    const connections = roomWith(5);
    const sockets = new FakeSocketSender()
      .script('c00', new Error('Forbidden'))
      .script('c03', new TypeError('boom'));

    const result = await fanOut({ connections, sockets }, 'general', frame, T0, { concurrency: 2 });

    expect(sockets.recipients()).toEqual(['c00', 'c01', 'c02', 'c03', 'c04']);
    expect(result).toEqual({ delivered: 3, gone: 0, throttled: 0, failed: 2 });
    expect(connections.deleted).toEqual([]);
  });

  it('does nothing for an empty room', async () => {
    const sockets = new FakeSocketSender();
    const result = await fanOut({ connections: new MemoryConnectionStore(), sockets }, 'general', frame, T0);
    expect(result).toEqual({ delivered: 0, gone: 0, throttled: 0, failed: 0 });
    expect(sockets.posts).toEqual([]);
  });
});

describe('sendFrame', () => {
  it('posts one frame as JSON to one socket', async () => {
    const sockets = new FakeSocketSender();
    await sendFrame(sockets, 'c1', { type: 'pong' });
    expect(sockets.posts).toEqual([{ connectionId: 'c1', data: '{"type":"pong"}' }]);
  });
});

describe('readAhead', () => {
  it('starts reading the first item at once and then yields everything in order', async () => {
    const reads: number[] = [];
    async function* source() {
      for (const n of [1, 2, 3]) {
        reads.push(n);
        yield n;
      }
    }
    const ahead = readAhead(source());
    await Promise.resolve();
    expect(reads).toEqual([1]);
    const seen: number[] = [];
    for await (const n of ahead) seen.push(n);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('reports a failed early read when iterated, not as an unhandled rejection', async () => {
    async function* failing(): AsyncGenerator<number> {
      yield* [];
      throw new Error('query failed');
    }
    const ahead = readAhead(failing());
    await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(
      (async () => {
        for await (const _ of ahead) {
          // nothing
        }
      })(),
    ).rejects.toThrow('query failed');
  });
});
