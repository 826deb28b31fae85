import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, RuntimeFamily, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { functionBundling, lambdaRuntime } from '../../bundling';
import type { FunctionSpec } from '../../spec';
import { fromRoot, repoRoot } from '../paths';
import { acknowledge } from './nag';

export interface ChatFunctionProps {
  spec: FunctionSpec;
  /** Reported by the handlers (health, logs) so a deployment can be told apart from the previous one. */
  appVersion: string;
  serviceName: string;
}

/**
 * One Lambda function of infra/spec.ts with the project's defaults. Bindings (env var + grant) are applied
 * afterwards by `applyBinding`, because some of them point at resources that need the functions first.
 */
export class ChatFunction extends NodejsFunction {
  readonly spec: FunctionSpec;
  readonly executionRole: iam.Role;

  constructor(scope: Construct, id: string, { spec, appVersion, serviceName }: ChatFunctionProps) {
    // Our own log group (with retention) and role: the default role would carry the AWS-managed
    // AWSLambdaBasicExecutionRole, which may write to any log group in the account.
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${spec.name} function`,
    });
    logGroup.grantWrite(role);

    super(scope, id, {
      entry: fromRoot(spec.entry),
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: fromRoot('package-lock.json'),
      runtime: new Runtime(lambdaRuntime.name, RuntimeFamily.NODEJS, { supportsInlineCode: true }),
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role,
      logGroup,
      tracing: Tracing.ACTIVE,
      environment: {
        APP_VERSION: appVersion,
        POWERTOOLS_SERVICE_NAME: serviceName,
        NODE_OPTIONS: functionBundling.nodeOptions,
        ...spec.config,
      },
      bundling: {
        // The local esbuild from node_modules: synth works offline and without Docker.
        forceDockerBundling: false,
        // The project's one bundling definition (infra/bundling.ts), shared with the local runner and the bench.
        target: functionBundling.target,
        format: OutputFormat.ESM,
        minify: functionBundling.minify,
        sourceMap: functionBundling.sourceMap,
        externalModules: [...functionBundling.externalModules],
        mainFields: [...functionBundling.mainFields],
        banner: functionBundling.banner,
      },
    });
    this.spec = spec;
    this.executionRole = role;

    // Active tracing adds xray:PutTraceSegments/PutTelemetryRecords, which support no resource-level permissions.
    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions; only they use "*".',
    );
  }
}
