/**
 * Lambda's event source mapping for a DynamoDB stream, over DynamoDB Local's stream API (which it serves on the
 * table's own endpoint). What Lambda does (Lambda Developer Guide, "Using AWS Lambda with Amazon DynamoDB" and
 * "Lambda parameters for Amazon DynamoDB event source mappings"), and what this does:
 * - It polls each shard (four times a second) and invokes the function synchronously with a batch of records,
 *   once the batch holds `BatchSize` records, or `MaximumBatchingWindowInSeconds` after the first record was
 *   read, or the payload reaches 6 MB, whichever comes first. Records reach the function in order per shard, one
 *   batch at a time per shard (ParallelizationFactor 1); a child shard is read once its parent is done.
 * - `FilterCriteria`: a record that matches no filter pattern is dropped before batching (and costs nothing).
 * - A function error retries the whole batch, blocking the shard, until it succeeds, `MaximumRetryAttempts` is
 *   spent or the records are older than `MaximumRecordAgeInSeconds`; with `BisectBatchOnFunctionError` a failed
 *   batch is split in two and each half retried (here each half carries the attempts its batch had spent, so a
 *   poison record is isolated without retrying forever). What is given up goes to the on-failure destination, if
 *   any (none here: `onDiscard` is told).
 * - An invocation that did not run (throttled, InvokeError) is retried without counting as an attempt.
 * The records are the stream's own (DynamoDB JSON images), with `eventSourceARN` added as Lambda adds it.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { abortableSleep } from './abortable-sleep';
import { matchesEventPattern, validateEventPattern } from './event-pattern';
import { type Invoke, InvokeError, localCredentials } from './types';

export interface StreamMapping {
  function: string;
  startingPosition: 'LATEST' | 'TRIM_HORIZON';
  batchSize: number;
  maximumBatchingWindowSeconds: number;
  bisectBatchOnFunctionError: boolean;
  maximumRetryAttempts: number;
  maximumRecordAgeSeconds: number;
  filterPattern?: unknown;
}

export interface StreamPollerOptions {
  /** DynamoDB Local's endpoint, which serves the Streams API too. */
  endpoint: string;
  streamArn: string;
  mapping: StreamMapping;
  invoke: Invoke;
  /** How often an idle shard is read (Lambda: four times a second). */
  pollIntervalMs?: number;
  /** Wait before retrying a failed batch (default 500 ms doubling up to 10 s). */
  retryDelayMs?: (attempt: number) => number;
  /** Told of records given up on (retries spent or too old). */
  onDiscard?: (records: StreamRecord[], reason: 'RetriesExhausted' | 'RecordAgeExceeded') => void;
  /** The Streams API; default: DynamoDB Local's at `endpoint`, signed (tests pass a fake stream). */
  api?: StreamsApi;
}

/** One call of the DynamoDB Streams API (AWS JSON 1.0): the operation's name and its JSON request. */
export type StreamsApi = <T>(operation: string, body: object) => Promise<T>;

export interface StreamPoller {
  /** Resolves once every record written before the call has been handed to the function (or given up). */
  idle(): Promise<void>;
  /** How many times the function was invoked. */
  invocations(): number;
  close(): Promise<void>;
}

export interface StreamRecord {
  eventID?: string;
  eventName?: string;
  dynamodb?: { ApproximateCreationDateTime?: number; SequenceNumber?: string; [key: string]: unknown };
  eventSourceARN?: string;
  [key: string]: unknown;
}

/** Lambda's synchronous payload limit: a batch stops growing before it. */
const MAX_BATCH_BYTES = 6 * 1024 * 1024 - 1024;

export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const { mapping } = options;
  const stop = new AbortController();
  const pollMs = options.pollIntervalMs ?? 250;
  const retryDelayMs = options.retryDelayMs ?? ((attempt) => Math.min(500 * 2 ** (attempt - 1), 10_000));
  // Lambda validates filter criteria when the mapping is created.
  if (mapping.filterPattern !== undefined) validateEventPattern(mapping.filterPattern);
  const call = options.api ?? streamsApi(options.endpoint);
  const readers = new Map<string, Promise<void>>();
  const finished = new Set<string>();
  let invocations = 0;
  /** Records read from the stream but not yet settled (invoked successfully or given up). */
  let inFlight = 0;
  /** Bumped by every GetRecords answer, so idle() can wait for a read that started after its call. */
  let reads = 0;

  const invokeBatch = async (records: StreamRecord[], spent: number): Promise<void> => {
    let attempts = spent;
    for (;;) {
      if (stop.signal.aborted) return;
      const oldest = Math.min(...records.map((r) => r.dynamodb?.ApproximateCreationDateTime ?? Infinity));
      if (Date.now() / 1000 - oldest > mapping.maximumRecordAgeSeconds) {
        options.onDiscard?.(records, 'RecordAgeExceeded');
        return;
      }
      try {
        invocations++;
        await options.invoke(mapping.function, { Records: records });
        return;
      } catch (err) {
        if (stop.signal.aborted) return;
        if (err instanceof InvokeError) {
          // It did not run (throttled, or the service failed): not an attempt.
          await abortableSleep(retryDelayMs(1), stop.signal);
          continue;
        }
        attempts++;
        if (attempts > mapping.maximumRetryAttempts) {
          options.onDiscard?.(records, 'RetriesExhausted');
          return;
        }
        await abortableSleep(retryDelayMs(attempts), stop.signal);
        if (mapping.bisectBatchOnFunctionError && records.length > 1) {
          const half = Math.ceil(records.length / 2);
          await invokeBatch(records.slice(0, half), attempts);
          await invokeBatch(records.slice(half), attempts);
          return;
        }
      }
    }
  };

  const readShard = async (shardId: string, iteratorType: 'LATEST' | 'TRIM_HORIZON') => {
    /** The last record read, so a failed read resumes right after it (as Lambda keeps its place per shard). */
    let lastSequence: string | undefined;
    const freshIterator = async () =>
      (
        await call<{ ShardIterator?: string }>('GetShardIterator', {
          StreamArn: options.streamArn,
          ShardId: shardId,
          ...(lastSequence
            ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: lastSequence }
            : { ShardIteratorType: iteratorType }),
        })
      ).ShardIterator;
    let iterator: string | undefined = await freshIterator();
    let batch: StreamRecord[] = [];
    let bytes = 0;
    let windowStart = 0;
    const flush = async () => {
      const records = batch;
      batch = [];
      bytes = 0;
      await invokeBatch(records, 0);
      inFlight -= records.length;
    };
    while (iterator && !stop.signal.aborted) {
      let page: { Records?: StreamRecord[]; NextShardIterator?: string };
      try {
        page = await call('GetRecords', {
          ShardIterator: iterator,
          Limit: Math.min(1000, mapping.batchSize),
        });
      } catch (err) {
        // A read that failed (DynamoDB Local busy, an expired iterator) is tried again from where it stopped.
        if (stop.signal.aborted) break;
        console.warn(`[stream] shard ${shardId}: ${String(err)}; reading again`);
        await abortableSleep(1000, stop.signal);
        iterator = await freshIterator().catch(() => iterator);
        continue;
      }
      reads++;
      iterator = page.NextShardIterator;
      for (const record of page.Records ?? []) {
        lastSequence = record.dynamodb?.SequenceNumber ?? lastSequence;
        const event = { ...record, eventSourceARN: options.streamArn };
        if (mapping.filterPattern !== undefined && !matchesEventPattern(mapping.filterPattern, event))
          continue;
        if (batch.length === 0) windowStart = Date.now();
        batch.push(event);
        inFlight++;
        bytes += JSON.stringify(event).length;
        if (batch.length >= mapping.batchSize || bytes >= MAX_BATCH_BYTES) await flush();
      }
      const windowOver = Date.now() - windowStart >= mapping.maximumBatchingWindowSeconds * 1000;
      if (batch.length > 0 && (windowOver || !iterator)) await flush();
      if ((page.Records ?? []).length === 0 || batch.length > 0) {
        const wait =
          batch.length > 0
            ? Math.min(pollMs, windowStart + mapping.maximumBatchingWindowSeconds * 1000 - Date.now())
            : pollMs;
        await abortableSleep(Math.max(0, wait), stop.signal);
      }
    }
    finished.add(shardId);
  };

  /** Starts a reader for each shard not read yet whose parent is done (shards split as a stream ages). */
  const discoverShards = async (first: boolean) => {
    let startId: string | undefined;
    do {
      const { StreamDescription: description } = await call<{
        StreamDescription?: {
          Shards?: {
            ShardId: string;
            ParentShardId?: string;
            SequenceNumberRange?: { EndingSequenceNumber?: string };
          }[];
          LastEvaluatedShardId?: string;
        };
      }>('DescribeStream', {
        StreamArn: options.streamArn,
        ...(startId && { ExclusiveStartShardId: startId }),
      });
      for (const shard of description?.Shards ?? []) {
        if (readers.has(shard.ShardId)) continue;
        const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
        // At the start, closed shards hold only what came before the mapping: LATEST skips them.
        if (first && closed && mapping.startingPosition === 'LATEST') {
          readers.set(shard.ShardId, Promise.resolve());
          finished.add(shard.ShardId);
          continue;
        }
        if (shard.ParentShardId && readers.has(shard.ParentShardId) && !finished.has(shard.ParentShardId))
          continue;
        // A shard opened after the mapping started is read from its beginning, so nothing is missed.
        const position = first ? mapping.startingPosition : 'TRIM_HORIZON';
        const reader = readShard(shard.ShardId, position).catch((err: unknown) => {
          if (!stop.signal.aborted) console.warn(`[stream] shard ${shard.ShardId}: ${String(err)}`);
          finished.add(shard.ShardId);
        });
        readers.set(shard.ShardId, reader);
      }
      startId = description?.LastEvaluatedShardId;
    } while (startId);
  };

  await discoverShards(true);
  const discovery = (async () => {
    while (!stop.signal.aborted) {
      await abortableSleep(1000, stop.signal);
      if (!stop.signal.aborted) await discoverShards(false).catch(() => undefined);
    }
  })();

  return {
    async idle() {
      // Two reads after the call: the first may have started before a record written just now.
      const target = reads + 2 * Math.max(1, [...readers.keys()].filter((id) => !finished.has(id)).length);
      while (!stop.signal.aborted && (reads < target || inFlight > 0)) await abortableSleep(20, stop.signal);
    },
    invocations: () => invocations,
    async close() {
      stop.abort();
      await Promise.allSettled([discovery, ...readers.values()]);
    },
  };
}

/** The DynamoDB Streams API (AWS JSON 1.0), signed with the local credentials as any AWS client would. */
function streamsApi(endpoint: string): StreamsApi {
  const url = new URL(endpoint);
  const signer = new SignatureV4({
    credentials: localCredentials,
    region: localCredentials.region,
    service: 'dynamodb',
    sha256: Sha256,
  });
  return async <T>(operation: string, body: object): Promise<T> => {
    const payload = JSON.stringify(body);
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: {
        host: url.host,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDBStreams_20120810.${operation}`,
      },
      body: payload,
    });
    const response = await fetch(url, { method: 'POST', headers: signed.headers, body: payload });
    const text = await response.text();
    if (!response.ok) throw new Error(`DynamoDB Streams ${operation}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };
}
