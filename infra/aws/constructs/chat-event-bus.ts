import { Duration } from 'aws-cdk-lib';
import { EventBus, type EventPattern, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { EventRuleSpec } from '../../spec';
import { acknowledge } from './nag';

export interface ChatEventBusProps {
  eventBusName: string;
}

/** The bus the chat publishes on, and the spec's rules with their retry policy and dead-letter queue. */
export class ChatEventBus extends Construct {
  readonly bus: EventBus;
  /** By rule name. */
  readonly deadLetterQueues = new Map<string, Queue>();

  constructor(scope: Construct, id: string, { eventBusName }: ChatEventBusProps) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', { eventBusName });
  }

  addRules(rules: readonly EventRuleSpec[], functionNamed: (name: string) => IFunction): void {
    for (const spec of rules) {
      const deadLetters = new Queue(this, `${spec.name}DeadLetters`, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      acknowledge(
        deadLetters,
        'AwsSolutions-SQS3',
        'This queue is itself the dead-letter queue of an EventBridge target, which cdk-nag does not recognize.',
      );
      this.deadLetterQueues.set(spec.name, deadLetters);

      const rule = new Rule(this, spec.name, {
        eventBus: this.bus,
        description: spec.description,
        // EventPattern's typing has no `$or`; Rule renders the keys verbatim (it only renames `detailType`),
        // so the spec's pattern reaches the template unchanged. test/infra/aws pins that.
        eventPattern: spec.pattern as EventPattern,
      });
      const target = functionNamed(spec.target);
      // EventBridge invokes Lambda asynchronously: the target's retry policy and DLQ cover only failures to
      // *deliver* the event. When the handler itself throws, Lambda's async-invoke settings decide; without
      // them it retries twice and drops the event. Both paths end in the same queue, with the spec's retries.
      rule.addTarget(
        new LambdaFunction(target, {
          retryAttempts: spec.retry.maximumRetryAttempts,
          maxEventAge: Duration.seconds(spec.retry.maximumEventAgeSeconds),
          deadLetterQueue: deadLetters,
        }),
      );
      target.configureAsyncInvoke({
        retryAttempts: spec.retry.maximumRetryAttempts,
        maxEventAge: Duration.seconds(spec.retry.maximumEventAgeSeconds),
        onFailure: new SqsDestination(deadLetters),
      });
    }
  }
}
