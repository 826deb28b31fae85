import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultStackSynthesizer, Duration } from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  Distribution,
  HttpVersion,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeWildcardResource } from './nag';

export interface SiteProps {
  /** web/dist: the page built by `npm run build:web`. */
  assetDir: string;
  /** An alternate domain name and its ACM certificate (us-east-1); without them the site is on *.cloudfront.net. */
  customDomain?: { domainName: string; certificate: ICertificate };
}

/** The endpoints the page learns from `/config.json` (see DESIGN.md §3). */
export interface SiteConfig {
  httpApiUrl: string;
  webSocketUrl: string;
}

/** The static page: a private bucket behind CloudFront (origin access control), both logging to a log bucket. */
export class Site extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  private readonly assetDir: string;

  constructor(scope: Construct, id: string, { assetDir, customDomain }: SiteProps) {
    super(scope, id);
    this.assetDir = assetDir;

    const logs = new Bucket(this, 'Logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      // CloudFront standard logs are delivered with an ACL grant, so this bucket must keep ACLs enabled.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
    });
    acknowledge(logs, 'AwsSolutions-S1', 'This is the access-log bucket; logging it into itself would loop.');

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site-bucket/',
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Chatty web page',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      ...(customDomain && {
        domainNames: [customDomain.domainName],
        certificate: customDomain.certificate,
        minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      }),
    });
    if (!customDomain) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        'The default *.cloudfront.net certificate has a fixed TLSv1 policy; pass a custom domain and certificate ' +
          '(context siteDomainName + siteCertificateArn) to get TLSv1.2_2021.',
      );
    }
    acknowledge(this.distribution, 'AwsSolutions-CFR1', 'A public chat for anyone; no country is excluded.');
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR2',
      'Static files only behind CloudFront; the APIs are throttled at their stages. Add a WAF web ACL if abused.',
    );
  }

  /** `https://…` of the page (no trailing slash); also the only origin the APIs allow for CORS. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }

  /** Uploads web/dist plus `/config.json` (its URLs resolve at deploy time) and invalidates the cache. */
  deploy(config: SiteConfig): BucketDeployment {
    if (!existsSync(join(this.assetDir, 'index.html'))) {
      throw new Error(
        `infra/aws: ${this.assetDir}/index.html is missing. Run \`npm run build:web\` before \`cdk synth\` or \`cdk deploy\`.`,
      );
    }
    const deployment = new BucketDeployment(this, 'Deployment', {
      destinationBucket: this.bucket,
      sources: [Source.asset(this.assetDir), Source.jsonData('config.json', config)],
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    this.acknowledgeDeploymentFindings(deployment);
    return deployment;
  }

  /** BucketDeployment's singleton handler is CDK's own code and role; what cdk-nag finds there, one by one. */
  private acknowledgeDeploymentFindings(deployment: BucketDeployment): void {
    // The role's scope is the singleton Function, which CDK creates at stack level (not under the deployment).
    const handler = deployment.handlerRole.node.scope;
    if (!handler) return;
    acknowledge(
      handler,
      'AwsSolutions-L1',
      'CDK pins the runtime of its BucketDeployment handler; it runs only during deployments.',
    );
    acknowledge(
      handler,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "CDK's BucketDeployment handler role; it only writes its own logs.",
    );
    const s3Reason =
      'CDK grants its BucketDeployment handler read on the staged asset and write on the site bucket.';
    for (const action of ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*']) {
      acknowledge(handler, `AwsSolutions-IAM5[Action::${action}]`, s3Reason);
    }
    acknowledgeWildcardResource(
      handler,
      `${this.bucket.bucketArn}/*`,
      'The handler writes the objects of the site bucket.',
    );
    const stagingBucket = `cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-<AWS::Region>`;
    acknowledge(
      handler,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${stagingBucket}/*]`,
      'The handler reads the zipped page from the CDK bootstrap asset bucket.',
    );
    acknowledge(
      handler,
      'AwsSolutions-IAM5[Resource::*]',
      'cloudfront:CreateInvalidation/GetInvalidation, granted by CDK on "*", to refresh the cache after a deploy.',
    );
  }
}
