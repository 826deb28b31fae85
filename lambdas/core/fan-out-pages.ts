/**
 * Fan-out split into pages for big rooms (issue 14). One function posting to every socket of a room, 32 posts in
 * flight, makes a room of thousands wait seconds for each message. So the function that posts a message reads the
 * room's connections a page at a time (a Query with `Limit`: FAN_OUT_PAGE_SIZE), posts the first page itself and
 * hands each further page, as soon as it is read, to its own invocation of the FanOut function (a `FanOutPage`
 * event on the bus, which invokes FanOut asynchronously): the pages are posted in parallel sandboxes, so the time
 * for a message to reach everyone stays near the time for one page. Reading the pages is sequential (each Query
 * continues from the one before), but a Query takes a few milliseconds and a page of posts far longer.
 *
 * Failures: a page the bus would not take is posted here instead (it is never dropped); a FanOut invocation
 * passes the sockets it could not post to on as a smaller page (never the whole page again), a bounded number of
 * times. An invocation that crashes or times out is retried whole by Lambda, so a socket can then receive a
 * message twice: the page keeps messages by messageId (web/message-order.ts), so it never shows one twice.
 */
import { type FanOutDeps, type FanOutResult, fanOut, type Socket } from './fan-out';
import type { ServerFrame } from './types';

/** A page of a room's sockets and the frame they are to get: the detail of a `FanOutPage` event. */
export interface FanOutPage {
  roomId: string;
  frame: ServerFrame;
  connections: Socket[];
  /** 0 for a page the posting function split off; n for the n-th retry of sockets that failed. */
  attempt: number;
}

export interface PageDispatcher {
  /** Hands the pages to other invocations; resolves with those it could not hand over. */
  dispatch(pages: readonly FanOutPage[]): Promise<FanOutPage[]>;
}

export interface PagedFanOutOptions {
  /** Connections per page (the Query's `Limit`). */
  pageSize: number;
  /** Absent: every page is posted here, one after the other (small deployments, tests). */
  dispatcher?: PageDispatcher;
  exclude?: string;
  /** The room's connections, when the caller has started reading them already (pages of `pageSize`). */
  pages?: AsyncIterable<readonly Socket[]>;
}

export interface PagedFanOutResult extends FanOutResult {
  /** Pages read; `dispatched` of them went to other invocations. */
  pages: number;
  dispatched: number;
}

/** Sends `frame` to every live socket in the room: the first page here, the others in parallel invocations. */
export async function fanOutInPages(
  deps: FanOutDeps,
  roomId: string,
  frame: ServerFrame,
  nowMs: number,
  options: PagedFanOutOptions,
): Promise<PagedFanOutResult> {
  const result: PagedFanOutResult = {
    delivered: 0,
    gone: 0,
    throttled: 0,
    failed: 0,
    pages: 0,
    dispatched: 0,
  };
  const local: Promise<FanOutResult>[] = [];
  const handOvers: Promise<void>[] = [];
  const postHere = (sockets: readonly Socket[]) =>
    local.push(fanOut(deps, roomId, frame, nowMs, { pages: single(sockets), exclude: options.exclude }));
  const pages =
    options.pages ?? deps.connections.roomConnections(roomId, Math.floor(nowMs / 1000), options.pageSize);
  for await (const page of pages) {
    result.pages++;
    const { dispatcher } = options;
    if (result.pages === 1 || !dispatcher) {
      postHere(page);
      continue;
    }
    const connections = page
      .filter((c) => c.connectionId !== options.exclude)
      .map(({ connectionId, connectedAt }) => ({ connectionId, connectedAt }));
    if (connections.length === 0) continue;
    result.dispatched++;
    handOvers.push(
      dispatcher.dispatch([{ roomId, frame, connections, attempt: 0 }]).then((refused) => {
        result.dispatched -= refused.length;
        for (const p of refused) postHere(p.connections);
      }),
    );
  }
  await Promise.all(handOvers);
  for (const part of await Promise.all(local)) {
    result.delivered += part.delivered;
    result.gone += part.gone;
    result.throttled += part.throttled;
    result.failed += part.failed;
  }
  return result;
}

/** How often the sockets of a page that could not be posted to are passed on again before they are given up. */
export const MAX_PAGE_ATTEMPTS = 3;

/**
 * The FanOut function's work: posts one page; the sockets it could not post to (an error, or throttled past the
 * retries) go on as a new page, up to MAX_PAGE_ATTEMPTS. Throws only when that hand-over fails, so Lambda retries
 * the page (the page dedups what it receives twice).
 */
export async function postPage(
  deps: FanOutDeps & { dispatcher: PageDispatcher },
  page: FanOutPage,
  nowMs: number,
): Promise<FanOutResult & { passedOn: number }> {
  const undelivered: Socket[] = [];
  const result = await fanOut(deps, page.roomId, page.frame, nowMs, {
    pages: single(page.connections),
    onUndelivered: (socket) => undelivered.push(socket),
  });
  if (undelivered.length === 0 || page.attempt + 1 >= MAX_PAGE_ATTEMPTS) return { ...result, passedOn: 0 };
  const refused = await deps.dispatcher.dispatch([
    { ...page, connections: undelivered, attempt: page.attempt + 1 },
  ]);
  if (refused.length > 0) throw new Error(`could not pass on ${undelivered.length} undelivered sockets`);
  return { ...result, passedOn: undelivered.length };
}

async function* single<T>(page: T): AsyncIterable<T> {
  yield page;
}
