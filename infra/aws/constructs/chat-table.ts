import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { table as spec } from '../../spec';

/** The one table of infra/spec.ts: string keys, its GSIs, TTL, point-in-time recovery, on-demand billing. */
export class ChatTable extends Table {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      partitionKey: { name: spec.partitionKey, type: AttributeType.STRING },
      sortKey: { name: spec.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      // DynamoDB deletes expired items up to days late; the reads filter them out (DESIGN.md §4).
      timeToLiveAttribute: spec.timeToLiveAttribute,
      // Read by the Presence function (infra/spec.ts `presenceStream`).
      stream: StreamViewType[spec.stream],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: spec.pointInTimeRecovery },
      // The chat history outlives `cdk destroy` on purpose. No tableName: CloudFormation generates one per
      // deploy, so the retained table never blocks the next deploy (which starts with a new, empty table).
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const gsi of spec.globalSecondaryIndexes) {
      this.addGlobalSecondaryIndex({
        indexName: gsi.indexName,
        partitionKey: { name: gsi.partitionKey, type: AttributeType.STRING },
        sortKey: { name: gsi.sortKey, type: AttributeType.STRING },
      });
    }
  }
}
