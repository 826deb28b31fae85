import type { Visibility } from '../lambdas/contract/access';
import { toChatMessage } from './message-order';
import type { ChatMessage, MessagePage, Room, RoomListing, Session } from './types';

/** An HTTP failure with the server's `{"error":{"code","message"}}` (or API Gateway's own `{"message"}`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** `muted` and `removed` (issue 16): when the person may post or come back again. */
    readonly until?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What to tell a person about a failed call: the server's own words for an ApiError, a generic line otherwise. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return 'Something went wrong. Please try again.';
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface ListOptions {
  limit?: number;
  before?: string;
  after?: string;
}

async function readError(res: Response): Promise<ApiError> {
  let code = `Http${res.status}`;
  let message = res.statusText || `Request failed (${res.status})`;
  let until: string | undefined;
  try {
    const body = (await res.json()) as {
      error?: { code?: unknown; message?: unknown; until?: unknown };
      message?: unknown;
    };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
    else if (typeof body.message === 'string') message = body.message;
    if (typeof body.error?.until === 'string') until = body.error.until;
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): keep the status text.
  }
  return new ApiError(res.status, code, message, until);
}

/**
 * `readToken`: the token GET history and GET members send when there is one (a private room's need a member's,
 * issue 16; public rooms read without).
 */
export function createApi(
  httpApiUrl: string,
  fetchImpl: Fetch = (input, init) => fetch(input, init),
  readToken: () => string | null = () => null,
) {
  const base = httpApiUrl.replace(/\/+$/, '');

  async function call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    let res: Response;
    try {
      res = await fetchImpl(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'NetworkError', 'Cannot reach the server. Check your connection.');
    }
    if (!res.ok) throw await readError(res);
    // 204 No Content (DELETE /sessions/current) has no body to read.
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  const room = (roomId: string) => `/rooms/${encodeURIComponent(roomId)}`;

  async function listMessages(roomId: string, opts: ListOptions = {}): Promise<MessagePage> {
    const q = new URLSearchParams();
    if (opts.limit !== undefined) q.set('limit', String(opts.limit));
    if (opts.before) q.set('before', opts.before);
    if (opts.after) q.set('after', opts.after);
    const qs = q.toString();
    const query = qs ? `?${qs}` : '';
    const page = await call<{ messages?: unknown; next?: unknown }>(
      'GET',
      `${room(roomId)}/messages${query}`,
      undefined,
      readToken() ?? undefined,
    );
    const messages = Array.isArray(page.messages)
      ? page.messages.flatMap((m: unknown) => toChatMessage(m) ?? [])
      : [];
    return { messages, next: typeof page.next === 'string' && page.next !== '' ? page.next : null };
  }

  return {
    createSession: (name: string) => call<Session>('POST', '/sessions', { name }),
    /** Ends the session on the server: its token stops working, its sockets close, its name is free again. */
    deleteSession: (token: string) => call<void>('DELETE', '/sessions/current', undefined, token),
    /**
     * A page of rooms (the lobby opens the first); pass its `next` for the page after, null at the end. With a
     * token, each room also says what that person has not read (`unread`, `mentions`).
     */
    async listRooms(
      opts: { limit?: number; next?: string; token?: string } = {},
    ): Promise<{ rooms: RoomListing[]; next: string | null }> {
      const q = new URLSearchParams();
      if (opts.limit !== undefined) q.set('limit', String(opts.limit));
      if (opts.next) q.set('next', opts.next);
      const qs = q.toString();
      const page = await call<{ rooms?: RoomListing[]; next?: unknown }>(
        'GET',
        `/rooms${qs ? `?${qs}` : ''}`,
        undefined,
        opts.token,
      );
      return {
        rooms: page.rooms ?? [],
        next: typeof page.next === 'string' && page.next !== '' ? page.next : null,
      };
    },
    createRoom: async (token: string, name: string, visibility?: Visibility): Promise<Room> =>
      (await call<{ room: Room }>('POST', '/rooms', visibility ? { name, visibility } : { name }, token))
        .room,
    /** The first page of the room's members (names or `{name}` objects) and how many it holds. */
    listMembers: async (roomId: string): Promise<{ members: unknown; count: unknown }> => {
      const page = await call<{ members?: unknown; count?: unknown }>(
        'GET',
        `${room(roomId)}/members`,
        undefined,
        readToken() ?? undefined,
      );
      return { members: page.members ?? [], count: page.count };
    },
    listMessages,
    /** The routes of other modules (access-api.ts) go through the same call and errors. */
    call,

    /**
     * Everything newer than `after` (or the whole room when undefined), oldest first, following `next` until
     * it is null. Each request continues after the newest message received so far: always a valid messageId
     * cursor, and an empty page ends the walk even if a server kept returning a cursor.
     */
    async listMessagesAfter(roomId: string, after: string | undefined, limit = 100, maxPages = 100) {
      const all: ChatMessage[] = [];
      let cursor = after;
      for (let page = 0; page < maxPages; page++) {
        const res = await listMessages(roomId, { limit, after: cursor });
        all.push(...res.messages);
        const newest = res.messages.at(-1)?.messageId;
        if (res.next === null || newest === undefined || newest === cursor) break;
        cursor = newest;
      }
      return all;
    },
  };
}

export type Api = ReturnType<typeof createApi>;
