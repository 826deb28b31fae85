import { ArnFormat, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Canary, Code, Runtime, Schedule, Test } from 'aws-cdk-lib/aws-synthetics';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { fromRoot } from '../paths';
import { acknowledge, acknowledgeWildcardResource } from './nag';

export interface HealthCanaryProps {
  httpApiUrl: string;
  webSocketUrl: string;
}

/** How long Synthetics keeps run artifacts (and the bucket keeps the objects: the bucket must not outlive them). */
const failureRetention = Duration.days(30);

/**
 * A Synthetics canary that runs infra/aws/canary/check.mjs every 5 minutes: sign in, connect, `pyro help`,
 * Pyro's answer, /health/deep. `npm run canary` runs the same module against the local cloud.
 */
export class HealthCanary extends Construct {
  readonly canary: Canary;
  readonly artifactsBucket: Bucket;
  /** The canary's Lambda log group, as Synthetics names it: /aws/lambda/cwsyn-<name>-<uuid>. */
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, { httpApiUrl, webSocketUrl }: HealthCanaryProps) {
    super(scope, id);
    // Our own bucket rather than the construct's (which is retained, and fails to delete while it holds objects):
    // run artifacts are expendable, so the bucket is emptied and deleted with the stack.
    this.artifactsBucket = new Bucket(this, 'Artifacts', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      lifecycleRules: [{ expiration: failureRetention.plus(Duration.days(1)) }],
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    this.canary = new Canary(this, 'Canary', {
      // Playwright runtimes take the handler file at the root of the asset (Puppeteer ones want nodejs/node_modules).
      runtime: Runtime.SYNTHETICS_NODEJS_PLAYWRIGHT_6_0,
      test: Test.custom({
        code: Code.fromAsset(fromRoot('infra/aws/canary'), { exclude: ['*.d.mts'] }),
        handler: 'index.handler',
      }),
      schedule: Schedule.rate(Duration.minutes(5)),
      // The check waits at most 10 s per step; a minute leaves room for the runtime's own start-up.
      timeout: Duration.minutes(1),
      environmentVariables: { CHATTY_HTTP_API_URL: httpApiUrl, CHATTY_WEBSOCKET_URL: webSocketUrl },
      successRetentionPeriod: Duration.days(7),
      failureRetentionPeriod: failureRetention,
      artifactsBucketLocation: { bucket: this.artifactsBucket },
      // Synthetics creates a Lambda function and layers per canary; AUTOMATIC deletes them with the canary.
      provisionedResourceCleanup: true,
    });
    this.logGroupName = this.manageLogGroup();
    this.acknowledgeFindings();
  }

  /**
   * The canary's Lambda function writes to `/aws/lambda/cwsyn-<name>-<uuid>`, created by Lambda on the first run
   * with no retention, and Synthetics never deletes it (DeleteCanary's documentation lists it among what is left
   * behind). Its name is known only once the canary exists (GetCanary's EngineArn), so custom resources:
   * look the function up, create the group if the first run has not already (then only set its retention),
   * delete it with the stack, and stop the canary first so no run re-creates it in between.
   */
  private manageLogGroup(): string {
    const canaryName = this.canary.canaryName;
    const stack = Stack.of(this);
    // Canary ARNs use a colon: arn:aws:synthetics:<region>:<account>:canary:<name> (the slash form matches nothing).
    const canaryArn = stack.formatArn({
      service: 'synthetics',
      resource: 'canary',
      resourceName: canaryName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const logGroupArn = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `/aws/lambda/cwsyn-${canaryName}-*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const policy = (actions: string[], resources: string[]) =>
      AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({ actions, resources })]);

    const engine = new AwsCustomResource(this, 'Engine', {
      onUpdate: {
        service: 'Synthetics',
        action: 'getCanary',
        parameters: { Name: canaryName },
        // Re-read when the canary is replaced (its id changes).
        physicalResourceId: PhysicalResourceId.of(this.canary.canaryId),
        outputPaths: ['Canary.EngineArn'],
      },
      policy: policy(['synthetics:GetCanary'], [canaryArn]),
      // The runtime's SDK has both clients; no npm install at deploy time.
      installLatestAwsSdk: false,
    });
    // arn:aws:lambda:<region>:<account>:function:cwsyn-<name>-<uuid>:<version>
    const functionName = Fn.select(6, Fn.split(':', engine.getResponseField('Canary.EngineArn')));
    const logGroupName = `/aws/lambda/${functionName}`;

    const logGroup = new AwsCustomResource(this, 'LogGroup', {
      onUpdate: {
        service: 'CloudWatchLogs',
        action: 'createLogGroup',
        parameters: { logGroupName },
        physicalResourceId: PhysicalResourceId.of(logGroupName),
        // The first run may have created it already: then only the retention below is needed.
        ignoreErrorCodesMatching: 'ResourceAlreadyExistsException',
      },
      onDelete: {
        service: 'CloudWatchLogs',
        action: 'deleteLogGroup',
        parameters: { logGroupName },
        ignoreErrorCodesMatching: 'ResourceNotFoundException',
      },
      policy: policy(['logs:CreateLogGroup', 'logs:DeleteLogGroup'], [logGroupArn]),
      installLatestAwsSdk: false,
    });
    const retention = new AwsCustomResource(this, 'LogRetention', {
      onUpdate: {
        service: 'CloudWatchLogs',
        action: 'putRetentionPolicy',
        parameters: { logGroupName, retentionInDays: RetentionDays.ONE_MONTH },
        physicalResourceId: PhysicalResourceId.of(logGroupName),
      },
      policy: policy(['logs:PutRetentionPolicy'], [logGroupArn]),
      installLatestAwsSdk: false,
    });
    retention.node.addDependency(logGroup);
    // Deleted before the log group (it depends on it): a stopped canary cannot re-create the group afterwards.
    const stopFirst = new AwsCustomResource(this, 'StopBeforeDelete', {
      onDelete: {
        service: 'Synthetics',
        action: 'stopCanary',
        parameters: { Name: canaryName },
        // Already stopped, or gone.
        ignoreErrorCodesMatching: 'ConflictException|ResourceNotFoundException',
      },
      policy: policy(['synthetics:StopCanary'], [canaryArn]),
      installLatestAwsSdk: false,
    });
    stopFirst.node.addDependency(logGroup);

    for (const resource of [logGroup, retention]) {
      acknowledgeWildcardResource(
        resource,
        logGroupArn,
        'Only the log groups of this canary: Synthetics appends a UUID to the name, known after creation.',
      );
    }
    // The singleton function of every AwsCustomResource, at stack level.
    const provider = stack.node.tryFindChild(
      `AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`,
    );
    if (provider) {
      acknowledge(
        provider,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        "CDK's AwsCustomResource handler role; it only writes its own logs (each call has its own narrow policy).",
      );
    }
    return logGroupName;
  }

  /** The canary role is the Canary construct's own; what cdk-nag finds there, one by one. */
  private acknowledgeFindings(): void {
    acknowledge(
      this.artifactsBucket,
      'AwsSolutions-S1',
      'Holds only the canary run artifacts (logs, step reports), written by the canary role and expired after a month.',
    );
    const role = this.canary.role;
    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'The Synthetics role template: s3:ListAllMyBuckets has no resource-level permissions, and ' +
        'cloudwatch:PutMetricData (none either) is limited to the CloudWatchSynthetics namespace by a condition.',
    );
    acknowledgeWildcardResource(
      role,
      this.canary.artifactsBucket.arnForObjects('*'),
      'The canary writes its run artifacts, under keys it chooses per run, into its own bucket.',
    );
    acknowledgeWildcardResource(
      role,
      Stack.of(this).formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: '/aws/lambda/cwsyn-*',
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
      'Synthetics names the canary Lambda function (and so its log group) itself: cwsyn-<canary>-<uuid>.',
    );
  }
}
