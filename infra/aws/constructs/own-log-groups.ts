import { CfnResource, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * Gives every Lambda function of the stack that has no log group of its own (CDK's custom-resource handlers:
 * BucketDeployment, S3 auto-delete, AwsCustomResource) a log group with a retention that is deleted with the
 * stack, through the function's LoggingConfig. Without it Lambda creates `/aws/lambda/<name>` on the first
 * invocation, keeps it forever and leaves it behind after `cdk destroy`.
 *
 * Their roles carry AWSLambdaBasicExecutionRole (logs on any group), so they may write to the new group. Call it
 * last, once every construct exists.
 */
export function giveFunctionsOwnLogGroups(stack: Stack, retention = RetentionDays.ONE_WEEK): LogGroup[] {
  const created: LogGroup[] = [];
  const functions = stack.node
    .findAll()
    .filter(
      (c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::Lambda::Function',
    );
  for (const fn of functions) {
    // Our own functions (ChatFunction) already log to their log group.
    if (fn instanceof CfnFunction && hasLogGroup(fn)) continue;
    const scope = fn.node.scope ?? stack;
    const logGroup = new LogGroup(scope, `${fn.node.id}Logs`, {
      retention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Deleted after the function (it depends on the group), so a handler running on stack deletion still logs.
    fn.addPropertyOverride('LoggingConfig.LogGroup', logGroup.logGroupName);
    created.push(logGroup);
  }
  return created;
}

function hasLogGroup(fn: CfnFunction): boolean {
  const config = fn.loggingConfig;
  return config !== undefined && 'logGroup' in config && config.logGroup !== undefined;
}
