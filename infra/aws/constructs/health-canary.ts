import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { Canary, Code, Runtime, Schedule, Test } from 'aws-cdk-lib/aws-synthetics';
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

  constructor(scope: Construct, id: string, { httpApiUrl, webSocketUrl }: HealthCanaryProps) {
    super(scope, id);
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
      // The construct's own bucket is KMS-encrypted and TLS-only; it only needs an expiry.
      artifactsBucketLifecycleRules: [{ expiration: failureRetention.plus(Duration.days(1)) }],
    });
    this.acknowledgeFindings();
  }

  /** The artifacts bucket and role are the Canary construct's own; what cdk-nag finds there, one by one. */
  private acknowledgeFindings(): void {
    acknowledge(
      this.canary.artifactsBucket,
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
