import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  Annotations,
  Aws,
  CfnCondition,
  CfnOutput,
  DefaultStackSynthesizer,
  Duration,
  Fn,
  Lazy,
  Names,
  RemovalPolicy,
  Stack,
  Token,
} from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  type CfnDistribution,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { contentSecurityPolicy, securityHeaderValues } from '../../site-headers';
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
  /** The accounts' user pool (infra/aws/constructs/user-pool.ts), for any Cognito client in the page. */
  auth?: { region: string; userPoolId: string; userPoolClientId: string };
}

/**
 * The regions enabled by default (those launched before March 2019). CloudFront standard logging (legacy) cannot
 * deliver to S3 buckets in opt-in regions (af-south-1, ap-east-1, eu-south-1, me-south-1 and every region launched
 * since); an allow-list stays right as AWS adds regions, since every new region is opt-in.
 */
export const standardLoggingRegions = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
] as const;

/**
 * The CSP's sources for the two APIs, from the URLs `deploy` is given (tokens until deploy time).
 *
 * The WebSocket API exactly: `wss://{id}.execute-api.{region}.{suffix}`. The HTTP API by its region's API Gateway
 * host names instead, because naming it exactly would be a CloudFormation cycle: its CORS names the distribution's
 * domain (chat-stack.ts), and the distribution would name the policy that names the API.
 */
function apiConnectSources(config: SiteConfig): string[] {
  const host = (url: string) => Fn.select(2, Fn.split('/', url));
  const apis = [
    `https://*.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`,
    `wss://${host(config.webSocketUrl)}`,
  ];
  // The page signs people up and in by calling Cognito's API itself.
  return config.auth ? [...apis, `https://cognito-idp.${config.auth.region}.${Aws.URL_SUFFIX}`] : apis;
}

/** A CloudFront enum member by its value, so the policy spells each header as infra/site-headers.ts does. */
function member<T extends string>(values: Record<string, T>, value: string): T {
  const found = Object.values(values).find((v) => v === value);
  if (!found) throw new Error(`infra/aws: CloudFront has no header value ${value}`);
  return found;
}

/** The static page: a private bucket behind CloudFront (origin access control), both logging to a log bucket. */
export class Site extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** The security headers CloudFront adds to every response (infra/site-headers.ts, as the local site sends them). */
  readonly headersPolicy: ResponseHeadersPolicy;
  private readonly assetDir: string;
  private readonly customDomainName?: string;
  /** Set by `deploy`, once the APIs exist: the site is built before them, since their CORS names its origins. */
  private connectSources: string[] = [];

  constructor(scope: Construct, id: string, { assetDir, customDomain }: SiteProps) {
    super(scope, id);
    this.assetDir = assetDir;
    this.customDomainName = customDomain?.domainName;

    const logs = new Bucket(this, 'Logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      // CloudFront standard logs are delivered with an ACL grant, so this bucket must keep ACLs enabled.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      // Access logs outlive the stack on purpose (they are the record of who used it); the name is generated,
      // so a retained bucket never blocks the next deploy. They expire after 90 days; delete the bucket by hand.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(logs, 'AwsSolutions-S1', 'This is the access-log bucket; logging it into itself would loop.');

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site-bucket/',
      // Only the built page and config.json, uploaded again by every deploy: it goes with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    this.headersPolicy = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      // CloudFront's policy names are per account, not per region: the region keeps a same-named stack's apart.
      responseHeadersPolicyName: `${Names.uniqueResourceName(this, { maxLength: 100 })}-${Aws.REGION}`,
      comment: 'Chatty web page: security headers (infra/site-headers.ts)',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: Lazy.string({ produce: () => contentSecurityPolicy(this.connectSources) }),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: {
          frameOption: member(HeadersFrameOption, securityHeaderValues.frameOptions),
          override: true,
        },
        referrerPolicy: {
          referrerPolicy: member(HeadersReferrerPolicy, securityHeaderValues.referrerPolicy),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(securityHeaderValues.strictTransportSecurity.maxAgeSeconds),
          includeSubdomains: securityHeaderValues.strictTransportSecurity.includeSubdomains,
          override: true,
        },
      },
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Chatty web page',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: this.headersPolicy,
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
    this.logOnlyWhereCloudFrontCanDeliver(logs);
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

  /**
   * CloudFront standard logging in the regions where it can deliver to this stack's bucket; elsewhere it is left
   * off, by a CloudFormation condition (the region is only known at deploy time for an environment-agnostic stack),
   * and the SiteAccessLogs output says why. Standard logging v2 could deliver to CloudWatch Logs or S3, but its
   * delivery source must be created in us-east-1, which a stack in another region cannot do alone.
   */
  private logOnlyWhereCloudFrontCanDeliver(logs: Bucket): void {
    const region = Stack.of(this).region;
    if (!Token.isUnresolved(region) && !(standardLoggingRegions as readonly string[]).includes(region)) {
      Annotations.of(this.distribution).addWarning(
        `CloudFront standard logging cannot deliver to S3 buckets in the opt-in region ${region}; site access logs are off.`,
      );
    }
    const equalsRegion = (r: string) => Fn.conditionEquals(Aws.REGION, r);
    const half = Math.ceil(standardLoggingRegions.length / 2);
    // Fn::Or takes 2 to 10 conditions.
    const condition = new CfnCondition(this, 'CloudFrontCanLog', {
      expression: Fn.conditionOr(
        Fn.conditionOr(...standardLoggingRegions.slice(0, half).map(equalsRegion)),
        Fn.conditionOr(...standardLoggingRegions.slice(half).map(equalsRegion)),
      ),
    });
    const cfn = this.distribution.node.defaultChild as CfnDistribution;
    cfn.addPropertyOverride(
      'DistributionConfig.Logging',
      Fn.conditionIf(
        condition.logicalId,
        { Bucket: logs.bucketRegionalDomainName, Prefix: 'cloudfront/', IncludeCookies: false },
        Aws.NO_VALUE,
      ),
    );
    new CfnOutput(this, 'AccessLogs', {
      key: 'SiteAccessLogs',
      value: Fn.conditionIf(
        condition.logicalId,
        `s3://${logs.bucketName}/cloudfront/`,
        `off: CloudFront standard logging cannot deliver to S3 buckets in the opt-in region ${Aws.REGION}`,
      ).toString(),
    });
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR3',
      'Access logs are on wherever CloudFront can deliver them (a CloudFormation condition on the region, which ' +
        'cdk-nag cannot evaluate); opt-in regions have none, as the SiteAccessLogs output says.',
    );
  }

  /** `https://…` of the page (no trailing slash): the custom domain when there is one, else CloudFront's. */
  get url(): string {
    return this.customDomainName ? `https://${this.customDomainName}` : this.cloudFrontUrl;
  }

  /** `https://….cloudfront.net`, which serves the page even when a custom domain is set. */
  get cloudFrontUrl(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }

  /** Every origin the page is served from: the only ones the HTTP API's CORS allows. */
  get origins(): string[] {
    return this.customDomainName ? [this.url, this.cloudFrontUrl] : [this.cloudFrontUrl];
  }

  /**
   * Uploads web/dist plus `/config.json` (its URLs resolve at deploy time) and invalidates the cache; the page's
   * CSP lets it connect to these two APIs.
   */
  deploy(config: SiteConfig): BucketDeployment {
    if (!existsSync(join(this.assetDir, 'index.html'))) {
      throw new Error(
        `infra/aws: ${this.assetDir}/index.html is missing. Run \`npm run build:web\` before \`cdk synth\` or \`cdk deploy\`.`,
      );
    }
    this.connectSources = apiConnectSources(config);
    const deployment = new BucketDeployment(this, 'Deployment', {
      destinationBucket: this.bucket,
      // The handler's logs go to a log group with a retention that goes with the stack (see own-log-groups.ts).
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
