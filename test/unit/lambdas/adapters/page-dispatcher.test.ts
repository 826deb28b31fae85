import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { BusPageDispatcher } from '../../../../lambdas/adapters/page-dispatcher';
import type { FanOutPage } from '../../../../lambdas/core/fan-out-pages';

const events = mockClient(EventBridgeClient);
const dispatcher = new BusPageDispatcher(new EventBridgeClient({ region: 'us-east-1' }), 'chatty');
const page = (n: number): FanOutPage => ({
  roomId: 'lobby',
  frame: { type: 'pong' },
  connections: [{ connectionId: `c${n}`, connectedAt: '2024-05-01T10:00:00.000Z' }],
  attempt: 0,
});

beforeEach(() => events.reset());

describe('BusPageDispatcher', () => {
  it('puts each page as a FanOutPage event, ten entries a call', async () => {
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    const pages = Array.from({ length: 12 }, (_, i) => page(i));
    expect(await dispatcher.dispatch(pages)).toEqual([]);
    const calls = events.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries ?? []);
    expect(calls.map((entries) => entries.length)).toEqual([10, 2]);
    expect(calls[0]?.[0]).toEqual({
      EventBusName: 'chatty',
      Source: 'chatty',
      DetailType: 'FanOutPage',
      Detail: JSON.stringify(page(0)),
    });
  });

  it('tries refused entries again, then gives back those the bus still refuses', async () => {
    events
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: [{ EventId: 'e' }, { ErrorCode: 'ThrottlingException' }],
      })
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] });
    expect(await dispatcher.dispatch([page(0), page(1)])).toEqual([page(1)]);
    const calls = events.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries?.length);
    expect(calls).toEqual([2, 1, 1]);
  });

  it('gives back every page of a call that failed as a whole', async () => {
    events.on(PutEventsCommand).rejects(new Error('socket hang up'));
    expect(await dispatcher.dispatch([page(0), page(1)])).toEqual([page(0), page(1)]);
  });
});
