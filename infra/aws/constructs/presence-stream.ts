import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, type IFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { presenceStream as spec } from '../../spec';

/**
 * The Presence function's event source mapping on the table's stream, as infra/spec.ts `presenceStream` says (the
 * local cloud runs the same settings in infra/local/stream-poller.ts). `DynamoEventSource` also grants the function
 * the stream reads (DescribeStream, GetRecords, GetShardIterator, ListStreams) on this table's stream only.
 */
export function addPresenceStream(table: ITable, fn: IFunction): void {
  fn.addEventSource(
    new DynamoEventSource(table, {
      startingPosition: StartingPosition[spec.startingPosition],
      batchSize: spec.batchSize,
      maxBatchingWindow: Duration.seconds(spec.maximumBatchingWindowSeconds),
      bisectBatchOnError: spec.bisectBatchOnFunctionError,
      retryAttempts: spec.maximumRetryAttempts,
      maxRecordAge: Duration.seconds(spec.maximumRecordAgeSeconds),
      filters: [FilterCriteria.filter(spec.filterPattern)],
    }),
  );
}
