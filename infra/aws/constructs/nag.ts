import { Stack, Validations } from 'aws-cdk-lib';
import type { PolicyStatement } from 'aws-cdk-lib/aws-iam';
// cdk-nag names a wildcard finding after the flattened resource (`<LogicalId>` for a Ref); using its own
// flattener keeps the acknowledged ids exact without hard-coding logical ids.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';

/** Acknowledges one cdk-nag rule on a construct (and its children), with the reason it cannot be fixed. */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * Acknowledges AwsSolutions-IAM5 for each wildcard resource of the given statements, one finding at a time, so a
 * wildcard added later elsewhere in the same policy is still reported.
 */
export function acknowledgeWildcardResources(
  scope: IConstruct,
  statements: readonly PolicyStatement[],
  reason: string,
): void {
  for (const statement of statements) {
    for (const resource of statement.resources) {
      if (flatResource(scope, resource).includes('*')) acknowledgeWildcardResource(scope, resource, reason);
    }
  }
}

/** Acknowledges AwsSolutions-IAM5 for one wildcard resource ARN (tokens allowed). */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  acknowledge(scope, `AwsSolutions-IAM5[Resource::${flatResource(scope, resource)}]`, reason);
}

function flatResource(scope: IConstruct, resource: string): string {
  return flattenCfnReference(Stack.of(scope).resolve(resource));
}
