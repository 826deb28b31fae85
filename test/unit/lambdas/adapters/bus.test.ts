import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { EVENT_SOURCE, EventBridgePublisher } from '../../../../lambdas/adapters/bus';

const events = mockClient(EventBridgeClient);
const publisher = new EventBridgePublisher(new EventBridgeClient({ region: 'us-east-1' }), 'chatty');

describe('EventBridgePublisher', () => {
  beforeEach(() => events.reset());

  it('puts one event on the bus with source chatty, the detail-type and the detail as JSON', async () => {
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
    await publisher.publish('MessagePosted', { messageId: 'm1', text: 'hi' });
    expect(events.commandCalls(PutEventsCommand)[0]?.args[0].input).toEqual({
      Entries: [
        {
          EventBusName: 'chatty',
          Source: 'chatty',
          DetailType: 'MessagePosted',
          Detail: '{"messageId":"m1","text":"hi"}',
        },
      ],
    });
    expect(EVENT_SOURCE).toBe('chatty');
  });

  it('throws when PutEvents answers 200 but refused the entry', async () => {
    events.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }],
    });
    await expect(publisher.publish('MessagePosted', {})).rejects.toThrow(
      /MessagePosted: InternalFailure try again/,
    );
  });

  it('throws when the call itself fails', async () => {
    events.on(PutEventsCommand).rejects(new Error('network down'));
    await expect(publisher.publish('MemberJoined', {})).rejects.toThrow('network down');
  });
});
