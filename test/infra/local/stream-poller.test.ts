import { afterEach, describe, expect, it } from 'vitest';
import {
  type StreamMapping,
  type StreamPoller,
  type StreamRecord,
  type StreamsApi,
  startStreamPoller,
} from '../../../infra/local/stream-poller';
import { FunctionError, InvokeError } from '../../../infra/local/types';

/** A stream of one open shard, in memory: records appended are served by GetRecords from the iterator's place. */
class FakeStream {
  readonly records: StreamRecord[] = [];
  reads = 0;
  /** The next GetRecords calls that fail (DynamoDB Local busy), and the iterator types asked for. */
  failReads = 0;
  readonly iteratorTypes: string[] = [];
  put(...keys: string[]): void {
    for (const key of keys) {
      this.records.push({
        eventID: key,
        eventName: 'INSERT',
        dynamodb: {
          ApproximateCreationDateTime: Date.now() / 1000,
          Keys: { pk: { S: key } },
          SequenceNumber: String(this.records.length),
        },
      });
    }
  }
  readonly api: StreamsApi = async <T>(operation: string, body: object): Promise<T> => {
    const request = body as {
      ShardIteratorType?: string;
      SequenceNumber?: string;
      ShardIterator?: string;
      Limit?: number;
    };
    if (operation === 'DescribeStream')
      return { StreamDescription: { Shards: [{ ShardId: 'shard-1', SequenceNumberRange: {} }] } } as T;
    if (operation === 'GetShardIterator') {
      this.iteratorTypes.push(request.ShardIteratorType ?? '');
      const at =
        request.ShardIteratorType === 'LATEST'
          ? this.records.length
          : request.ShardIteratorType === 'AFTER_SEQUENCE_NUMBER'
            ? Number(request.SequenceNumber) + 1
            : 0;
      return { ShardIterator: String(at) } as T;
    }
    this.reads++;
    if (this.failReads-- > 0) throw new Error('DynamoDB Streams GetRecords: 500 InternalServerError');
    const from = Number(request.ShardIterator);
    const page = this.records.slice(from, from + (request.Limit ?? 1000));
    return { Records: page, NextShardIterator: String(from + page.length) } as T;
  };
}

const mapping: StreamMapping = {
  function: 'Presence',
  startingPosition: 'LATEST',
  batchSize: 100,
  maximumBatchingWindowSeconds: 0.2,
  bisectBatchOnFunctionError: true,
  maximumRetryAttempts: 2,
  maximumRecordAgeSeconds: 300,
  filterPattern: { dynamodb: { Keys: { pk: { S: [{ prefix: 'CONN#' }] } } } },
};

let poller: StreamPoller | undefined;
afterEach(async () => {
  await poller?.close();
  poller = undefined;
});

const keysOf = (event: unknown) =>
  ((event as { Records: StreamRecord[] }).Records ?? []).map((r) => r.eventID ?? '');

async function start(
  stream: FakeStream,
  fn: (keys: string[]) => void,
  overrides: Partial<StreamMapping> = {},
  discarded: string[][] = [],
) {
  const batches: string[][] = [];
  poller = await startStreamPoller({
    endpoint: 'http://unused',
    streamArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/chatty/stream/x',
    mapping: { ...mapping, ...overrides },
    api: stream.api,
    pollIntervalMs: 10,
    retryDelayMs: () => 5,
    onDiscard: (records) => discarded.push(records.map((r) => r.eventID ?? '')),
    invoke: async (name, event) => {
      expect(name).toBe('Presence');
      const keys = keysOf(event);
      batches.push(keys);
      fn(keys);
      return null;
    },
  });
  return batches;
}

describe('the stream poller (a Lambda event source mapping on a DynamoDB stream)', () => {
  it('gathers what arrives within the batching window into one invocation, in order, with the stream ARN', async () => {
    const stream = new FakeStream();
    const batches = await start(stream, () => undefined);
    stream.put('CONN#a', 'CONN#b');
    stream.put('CONN#c');
    await poller?.idle();
    expect(batches.flat()).toEqual(['CONN#a', 'CONN#b', 'CONN#c']);
    expect(batches.length).toBeLessThanOrEqual(2);
  });

  it('starts at the stream’s end (LATEST): earlier records are not delivered', async () => {
    const stream = new FakeStream();
    stream.put('CONN#before');
    const batches = await start(stream, () => undefined);
    stream.put('CONN#after');
    await poller?.idle();
    expect(batches.flat()).toEqual(['CONN#after']);
  });

  it('invokes as soon as a batch holds batchSize records', async () => {
    const stream = new FakeStream();
    const batches = await start(stream, () => undefined, { batchSize: 2, maximumBatchingWindowSeconds: 60 });
    stream.put('CONN#a', 'CONN#b', 'CONN#c', 'CONN#d');
    while (batches.length < 2) await new Promise((r) => setTimeout(r, 10));
    expect(batches).toEqual([
      ['CONN#a', 'CONN#b'],
      ['CONN#c', 'CONN#d'],
    ]);
  });

  it('drops records that match no filter pattern before batching', async () => {
    const stream = new FakeStream();
    const batches = await start(stream, () => undefined);
    stream.put('ROOM#lobby', 'CONN#a', 'RATE#x');
    await poller?.idle();
    expect(batches.flat()).toEqual(['CONN#a']);
  });

  it('retries a failed batch, bisecting it until the failing record is alone, then gives that one up', async () => {
    const stream = new FakeStream();
    const discarded: string[][] = [];
    const batches = await start(
      stream,
      (keys) => {
        if (keys.includes('CONN#poison')) throw new FunctionError('Error', 'boom');
      },
      {},
      discarded,
    );
    stream.put('CONN#a', 'CONN#poison', 'CONN#b', 'CONN#c');
    await poller?.idle();
    expect(discarded).toEqual([['CONN#poison']]);
    // The records around the poison one were delivered, each in a batch that succeeded.
    const succeeded = batches.filter((b) => !b.includes('CONN#poison')).flat();
    expect(succeeded.sort()).toEqual(['CONN#a', 'CONN#b', 'CONN#c']);
    // The first attempt carried the whole batch; the poison record was tried at most 1 + maximumRetryAttempts times.
    expect(batches[0]).toEqual(['CONN#a', 'CONN#poison', 'CONN#b', 'CONN#c']);
    expect(batches.filter((b) => b.includes('CONN#poison')).length).toBeLessThanOrEqual(3);
  });

  it('retries the same batch whole without bisecting when that is off, and blocks the shard meanwhile', async () => {
    const stream = new FakeStream();
    let failures = 1;
    const batches = await start(
      stream,
      () => {
        if (failures-- > 0) throw new FunctionError('Error', 'once');
      },
      { bisectBatchOnFunctionError: false },
    );
    stream.put('CONN#a', 'CONN#b');
    await poller?.idle();
    expect(batches).toEqual([
      ['CONN#a', 'CONN#b'],
      ['CONN#a', 'CONN#b'],
    ]);
  });

  it('does not count an invocation that did not run (throttled) as an attempt', async () => {
    const stream = new FakeStream();
    let throttles = 5;
    const discarded: string[][] = [];
    const batches = await start(
      stream,
      () => {
        if (throttles-- > 0) throw new InvokeError('TooManyRequestsException', 'Rate exceeded', 429);
      },
      { maximumRetryAttempts: 0 },
      discarded,
    );
    stream.put('CONN#a');
    await poller?.idle();
    expect(discarded).toEqual([]);
    expect(batches).toHaveLength(6);
  });

  it('reads again from where it stopped when a read fails, missing and repeating nothing', async () => {
    const stream = new FakeStream();
    const batches = await start(stream, () => undefined);
    stream.put('CONN#a');
    await poller?.idle();
    stream.failReads = 1;
    stream.put('CONN#b', 'CONN#c');
    await poller?.idle();
    expect(batches.flat()).toEqual(['CONN#a', 'CONN#b', 'CONN#c']);
    expect(stream.iteratorTypes).toEqual(['LATEST', 'AFTER_SEQUENCE_NUMBER']);
  });

  it('gives up records older than maximumRecordAgeSeconds', async () => {
    const stream = new FakeStream();
    const discarded: string[][] = [];
    const batches = await start(stream, () => undefined, { maximumRecordAgeSeconds: 60 }, discarded);
    stream.put('CONN#old');
    const old = stream.records[0];
    if (old?.dynamodb) old.dynamodb.ApproximateCreationDateTime = Date.now() / 1000 - 120;
    await poller?.idle();
    expect(batches).toEqual([]);
    expect(discarded).toEqual([['CONN#old']]);
  });
});
