import { describe, expect, it } from 'vitest';
import {
  type FanOutPage,
  fanOutInPages,
  MAX_PAGE_ATTEMPTS,
  type PageDispatcher,
  postPage,
} from '../../../../lambdas/core/fan-out-pages';
import type { ServerFrame } from '../../../../lambdas/core/types';
import { fakeWorld, T0 } from './fakes';

const frame: ServerFrame = { type: 'pong' };

/** Records the pages handed over; refuses the ones `refuse` says, as a bus that will not take them. */
class RecordingDispatcher implements PageDispatcher {
  readonly pages: FanOutPage[] = [];
  refuse: (page: FanOutPage) => boolean = () => false;
  async dispatch(pages: readonly FanOutPage[]): Promise<FanOutPage[]> {
    const refused = pages.filter((p) => this.refuse(p));
    this.pages.push(...pages.filter((p) => !this.refuse(p)));
    return refused;
  }
}

/** A room of `n` sockets, read in Query pages of `pageSize`. */
function room(n: number, pageSize: number) {
  const w = fakeWorld({ pageSize });
  for (let i = 0; i < n; i++) w.connections.add(`c${String(i).padStart(2, '0')}`, 'general', `p${i}`);
  return { ...w, dispatcher: new RecordingDispatcher() };
}

const ids = (pages: FanOutPage[]) => pages.flatMap((p) => p.connections.map((c) => c.connectionId)).sort();

describe('fanOutInPages', () => {
  it('posts the first page itself and hands each further page to its own invocation', async () => {
    const w = room(25, 10);
    const result = await fanOutInPages(w, 'general', frame, T0, { pageSize: 10, dispatcher: w.dispatcher });
    expect(result).toMatchObject({ pages: 3, dispatched: 2, delivered: 10 });
    expect(w.sockets.recipients()).toEqual(
      Array.from({ length: 10 }, (_, i) => `c${String(i).padStart(2, '0')}`),
    );
    expect(w.dispatcher.pages.map((p) => p.connections.length)).toEqual([10, 5]);
    expect(w.dispatcher.pages.every((p) => p.attempt === 0 && p.roomId === 'general')).toBe(true);
    // Every socket once: the poster's page and the handed-over pages do not overlap.
    expect([...w.sockets.recipients(), ...ids(w.dispatcher.pages)].sort()).toEqual(
      Array.from({ length: 25 }, (_, i) => `c${String(i).padStart(2, '0')}`),
    );
  });

  it('keeps a room of one page in the posting function', async () => {
    const w = room(8, 10);
    const result = await fanOutInPages(w, 'general', frame, T0, { pageSize: 10, dispatcher: w.dispatcher });
    expect(result).toMatchObject({ pages: 1, dispatched: 0, delivered: 8 });
    expect(w.dispatcher.pages).toEqual([]);
  });

  it('posts a page the bus would not take itself, so no socket is left out', async () => {
    const w = room(25, 10);
    w.dispatcher.refuse = (p) => p.connections.some((c) => c.connectionId === 'c10');
    const result = await fanOutInPages(w, 'general', frame, T0, { pageSize: 10, dispatcher: w.dispatcher });
    expect(result).toMatchObject({ pages: 3, dispatched: 1, delivered: 20 });
    expect(w.sockets.recipients()).toHaveLength(20);
    expect(ids(w.dispatcher.pages)).toEqual(['c20', 'c21', 'c22', 'c23', 'c24']);
  });

  it('leaves the excluded socket out of the pages it hands over', async () => {
    const w = room(12, 10);
    await fanOutInPages(w, 'general', frame, T0, { pageSize: 10, dispatcher: w.dispatcher, exclude: 'c11' });
    expect(ids(w.dispatcher.pages)).toEqual(['c10']);
  });

  it('posts every page itself when there is no dispatcher', async () => {
    const w = room(25, 10);
    const result = await fanOutInPages(w, 'general', frame, T0, { pageSize: 10 });
    expect(result).toMatchObject({ pages: 3, dispatched: 0, delivered: 25 });
  });
});

describe('postPage (the FanOut function)', () => {
  const page = (connections: string[], attempt = 0): FanOutPage => ({
    roomId: 'general',
    frame,
    connections: connections.map((connectionId) => ({
      connectionId,
      connectedAt: new Date(T0 - 60_000).toISOString(),
    })),
    attempt,
  });

  it('posts its page once to each socket', async () => {
    const w = room(0, 10);
    const result = await postPage(w, page(['a', 'b', 'c']), T0);
    expect(result).toMatchObject({ delivered: 3, passedOn: 0 });
    expect(w.sockets.posts.map((p) => p.connectionId)).toEqual(['a', 'b', 'c']);
  });

  it('passes only the sockets it could not post to on as a new page (a failed page is retried, never resent whole)', async () => {
    const w = room(0, 10);
    w.sockets.script('b', new Error('InternalServerError'));
    w.sockets.script('c', 'throttled', 'throttled', 'throttled', 'throttled', 'throttled');
    const result = await postPage({ ...w, ...{ dispatcher: w.dispatcher } }, page(['a', 'b', 'c']), T0);
    expect(result).toMatchObject({ delivered: 1, failed: 1, throttled: 1, passedOn: 2 });
    expect(w.dispatcher.pages).toEqual([{ ...page(['b', 'c'], 1) }]);
    // The retry posts to those two only: `a` never gets the frame twice.
    const retry = room(0, 10);
    await postPage(retry, w.dispatcher.pages[0] as FanOutPage, T0);
    expect(retry.sockets.posts.map((p) => p.connectionId)).toEqual(['b', 'c']);
  });

  it('gives up on sockets after MAX_PAGE_ATTEMPTS passes', async () => {
    const w = room(0, 10);
    w.sockets.script('b', new Error('InternalServerError'));
    const result = await postPage(w, page(['b'], MAX_PAGE_ATTEMPTS - 1), T0);
    expect(result).toMatchObject({ failed: 1, passedOn: 0 });
    expect(w.dispatcher.pages).toEqual([]);
  });

  it('throws when the undelivered sockets cannot be passed on, so Lambda retries the page', async () => {
    const w = room(0, 10);
    w.sockets.script('b', new Error('InternalServerError'));
    w.dispatcher.refuse = () => true;
    await expect(postPage(w, page(['a', 'b']), T0)).rejects.toThrow(
      'could not pass on 1 undelivered sockets',
    );
  });

  it('does not pass on a socket that has gone', async () => {
    const w = room(0, 10);
    w.sockets.script('b', 'gone');
    const result = await postPage(w, page(['a', 'b']), T0);
    expect(result).toMatchObject({ delivered: 1, gone: 1, passedOn: 0 });
  });
});
