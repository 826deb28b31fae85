import { describe, expect, it, vi } from 'vitest';
import { ApiError, type ListOptions } from '../../web/api';
import { TimelineHistory } from '../../web/timeline-history';
import { Timeline } from '../../web/timeline-state';
import type { ChatMessage, MessagePage } from '../../web/types';
import { deferred } from './fakes';

const msg = (n: number, roomId = 'lobby'): ChatMessage => ({
  messageId: `m${String(n).padStart(3, '0')}`,
  roomId,
  sender: 'Bob',
  senderType: 'guest',
  text: `#${n}`,
  createdAt: new Date(Date.UTC(2024, 4, 1, 10, 0, n)).toISOString(),
});

interface FakeApi {
  listMessages: (roomId: string, opts?: ListOptions) => Promise<MessagePage>;
  listMessagesAfter: (roomId: string, after: string | undefined) => Promise<ChatMessage[]>;
}

function setup(api: Partial<FakeApi>) {
  const timeline = new Timeline();
  const events: string[] = [];
  const fake: FakeApi = {
    listMessages: vi.fn(api.listMessages ?? (async () => ({ messages: [], next: null }))),
    listMessagesAfter: vi.fn(api.listMessagesAfter ?? (async () => [])),
  };
  const history = new TimelineHistory({
    api: () => fake,
    timeline,
    me: () => 'Ada',
    onChange: (roomId, scroll) => events.push(`change ${roomId} ${scroll}`),
    onRoomMissing: (roomId) => events.push(`missing ${roomId}`),
    showError: (message) => events.push(`error ${message}`),
  });
  const ids = (roomId = 'lobby') => timeline.messages(roomId).map((m) => m.messageId);
  return { history, timeline, events, fake, ids };
}

describe('TimelineHistory.sync', () => {
  it('reads the latest page the first time, then whatever is newer than the last message', async () => {
    const { history, events, fake, ids } = setup({
      listMessages: async () => ({ messages: [msg(1), msg(2)], next: 'm001' }),
      listMessagesAfter: async () => [msg(3)],
    });
    expect(history.isLoaded('lobby')).toBe(false);
    await history.sync('lobby');
    expect(fake.listMessages).toHaveBeenCalledWith('lobby', { limit: 50 });
    expect(fake.listMessagesAfter).toHaveBeenCalledWith('lobby', 'm002');
    expect(ids()).toEqual(['m001', 'm002', 'm003']);
    expect(history.isLoaded('lobby')).toBe(true);
    expect(history.hasOlder('lobby')).toBe(true);
    expect(events).toEqual(['change lobby auto']);

    await history.sync('lobby');
    expect(fake.listMessages).toHaveBeenCalledTimes(1);
    expect(fake.listMessagesAfter).toHaveBeenLastCalledWith('lobby', 'm003');
  });

  it('knows there is nothing older when the first page has no cursor', async () => {
    const { history } = setup({ listMessages: async () => ({ messages: [msg(1)], next: null }) });
    await history.sync('lobby');
    expect(history.hasOlder('lobby')).toBe(false);
  });

  it('runs one load per room at a time: a second sync waits and then catches up from where the first ended', async () => {
    const first = deferred<ChatMessage[]>();
    const afters: (string | undefined)[] = [];
    const { history, ids } = setup({
      listMessages: async () => ({ messages: [msg(1)], next: null }),
      listMessagesAfter: (_roomId, after) => {
        afters.push(after);
        return afters.length === 1 ? first.promise : Promise.resolve([msg(3)]);
      },
    });
    const a = history.sync('lobby');
    const b = history.sync('lobby');
    await vi.waitFor(() => expect(afters).toEqual(['m001']));
    first.resolve([msg(2)]);
    await Promise.all([a, b]);
    expect(afters).toEqual(['m001', 'm002']);
    expect(ids()).toEqual(['m001', 'm002', 'm003']);
  });

  it('reports a room the server does not know (404 or 400) and draws nothing', async () => {
    for (const status of [404, 400]) {
      const { history, events } = setup({
        listMessages: async () => {
          throw new ApiError(status, 'NotFound', 'No such room');
        },
      });
      await history.sync('nowhere');
      expect(events).toEqual(['missing nowhere']);
      expect(history.isLoaded('nowhere')).toBe(false);
    }
  });

  it('treats a refusal in the lobby, or any other failure, as an error to show', async () => {
    const { history, events } = setup({
      listMessages: async () => {
        throw new ApiError(404, 'NotFound', 'Not Found');
      },
    });
    await history.sync('lobby');
    expect(events).toEqual(['error Could not load messages: Not Found', 'change lobby auto']);

    const down = setup({
      listMessagesAfter: async () => {
        throw new ApiError(0, 'NetworkError', 'Cannot reach the server. Check your connection.');
      },
    });
    await down.history.sync('general');
    expect(down.events).toEqual([
      'error Could not load messages: Cannot reach the server. Check your connection.',
      'change general auto',
    ]);
    // The first page did arrive, so the next sync only catches up.
    expect(down.history.isLoaded('general')).toBe(true);
  });

  it('does nothing before the API is known', async () => {
    const timeline = new Timeline();
    const onChange = vi.fn();
    const history = new TimelineHistory({
      api: () => null,
      timeline,
      me: () => null,
      onChange,
      onRoomMissing: onChange,
      showError: onChange,
    });
    await history.sync('lobby');
    await history.loadOlder('lobby');
    expect(onChange).not.toHaveBeenCalled();
  });
});

describe('TimelineHistory.loadOlder', () => {
  it('reads the page before the oldest message and keeps the reader’s place', async () => {
    const { history, events, fake, ids } = setup({
      listMessages: async (_roomId, opts) =>
        opts?.before ? { messages: [msg(1), msg(2)], next: null } : { messages: [msg(3)], next: 'm003' },
    });
    await history.sync('lobby');
    await history.loadOlder('lobby');
    expect(fake.listMessages).toHaveBeenLastCalledWith('lobby', { limit: 50, before: 'm003' });
    expect(ids()).toEqual(['m001', 'm002', 'm003']);
    expect(history.hasOlder('lobby')).toBe(false);
    expect(events.at(-1)).toBe('change lobby keep');
  });

  it('asks for nothing in a room with no messages yet', async () => {
    const { history, fake } = setup({});
    await history.loadOlder('lobby');
    expect(fake.listMessages).not.toHaveBeenCalled();
  });

  it('shows a failure and keeps what it had', async () => {
    const { history, events, timeline, ids } = setup({
      listMessages: async () => {
        throw new ApiError(500, 'InternalError', 'Internal error');
      },
    });
    timeline.add('lobby', [msg(5)], 'Ada');
    await history.loadOlder('lobby');
    expect(events).toEqual(['error Could not load older messages: Internal error']);
    expect(ids()).toEqual(['m005']);
  });
});
