/**
 * Asynchronous, at-least-once delivery of one event to one rule target: the local counterpart of an EventBridge
 * target with a `RetryPolicy` and an SQS dead-letter queue.
 *
 * EventBridge invokes a Lambda target asynchronously, so its retry policy covers only failures *to invoke*
 * (Lambda's Invoke API refused the event: throttled, function not found, …). Once Lambda has queued the event,
 * the delivery has succeeded as far as EventBridge is concerned; what the function then does is Lambda's
 * business (infra/local/async-invoke.ts). The invoke passed in here is therefore the asynchronous one.
 *
 * What AWS documents (EventBridge User Guide, "Event retry policy and using dead-letter queues"): retriable errors
 * are retried with exponential backoff and jitter until `MaximumRetryAttempts` or `MaximumEventAgeInSeconds`;
 * "for errors that result from missing permissions to a target, or a target resource that no longer exists"
 * EventBridge does not retry and sends the event straight to the DLQ. The DLQ message body is the event; its
 * attributes are RULE_ARN, TARGET_ARN, ERROR_CODE, ERROR_MESSAGE, EXHAUSTED_RETRY_CONDITION, RETRY_ATTEMPTS.
 */
import type { EventEnvelope as ContractEnvelope } from '../../lambdas/contract/events';
import type { EventRuleSpec } from '../spec';
import { abortableSleep } from './abortable-sleep';
import { type DeadLetter, deadLetter, deadLetterQueueArn } from './dead-letters';
import { InvokeError } from './types';

/** EventBridge's envelope (the contract's); PutEvents accepts only a JSON object as the detail. */
export type EventEnvelope = ContractEnvelope<Record<string, unknown>>;

/** Lambda's Invoke with `InvocationType: Event`: resolves once Lambda accepted the event. */
export type InvokeTarget = (functionName: string, event: EventEnvelope) => Promise<unknown>;

/** EventBridge's default: exponential backoff, 1 s, 2 s, 4 s… */
export const defaultRetryDelayMs = (attempt: number): number => 1000 * 2 ** (attempt - 1);

export interface DeliveryQueueOptions {
  invoke: InvokeTarget;
  busName: string;
  region: string;
  accountId: string;
  /** Wait before retry number `attempt` (1, 2, …). Default: 1 s, 2 s, 4 s… */
  retryDelayMs?: (attempt: number) => number;
  onDeadLetter?: (letter: DeadLetter) => void;
}

export class DeliveryQueue {
  private readonly pending = new Set<Promise<void>>();
  private readonly deadLetters: DeadLetter[] = [];
  private deliveredCount = 0;
  private readonly stop = new AbortController();
  private readonly retryDelayMs: (attempt: number) => number;

  constructor(private readonly o: DeliveryQueueOptions) {
    this.retryDelayMs = o.retryDelayMs ?? defaultRetryDelayMs;
  }

  /** Starts delivery after the current call stack, so the PutEvents response always goes out first. */
  enqueue(event: EventEnvelope, rule: EventRuleSpec, receivedAt: number): void {
    const delivery = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.deliver(event, rule, receivedAt))
      .finally(() => this.pending.delete(delivery));
    this.pending.add(delivery);
  }

  /** Events the targets accepted. */
  delivered(): number {
    return this.deliveredCount;
  }

  /** The messages sent to the rules' dead-letter queues. */
  deadLettered(): DeadLetter[] {
    return [...this.deadLetters];
  }

  busy(): boolean {
    return this.pending.size > 0;
  }

  async idle(): Promise<void> {
    // Loop: a delivery may be enqueued while we wait for others.
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Abandons retries still waiting (nothing more is invoked or dead-lettered). */
  close(): void {
    this.stop.abort();
  }

  private async deliver(event: EventEnvelope, rule: EventRuleSpec, receivedAt: number): Promise<void> {
    const { maximumRetryAttempts, maximumEventAgeSeconds } = rule.retry;
    for (let attempts = 1; !this.stop.signal.aborted; attempts++) {
      try {
        await this.o.invoke(rule.target, event);
        this.deliveredCount++;
        return;
      } catch (err) {
        const { code, retriable } = classify(err);
        const delay = this.retryDelayMs(attempts);
        const retriesLeft = attempts - 1 < maximumRetryAttempts;
        // EventBridge gives up once the event would be older than the age limit at the next try.
        const youngEnough = Date.now() + delay - receivedAt <= maximumEventAgeSeconds * 1000;
        if (!retriable || !retriesLeft || !youngEnough) {
          this.deadLetter(event, rule, err, code, {
            // Only a retried event says which limit ended its retries; AWS documents no value for the others.
            ...(retriable
              ? {
                  EXHAUSTED_RETRY_CONDITION: retriesLeft
                    ? 'MaximumEventAgeInSeconds'
                    : 'MaximumRetryAttempts',
                }
              : {}),
            RETRY_ATTEMPTS: attempts - 1,
          });
          return;
        }
        await abortableSleep(delay, this.stop.signal);
      }
    }
  }

  private deadLetter(
    event: EventEnvelope,
    rule: EventRuleSpec,
    err: unknown,
    code: string,
    extra: Record<string, string | number>,
  ): void {
    const { region, accountId, busName } = this.o;
    const letter = deadLetter(
      'events.amazonaws.com',
      deadLetterQueueArn(rule.name, region, accountId),
      event,
      {
        RULE_ARN: `arn:aws:events:${region}:${accountId}:rule/${busName}/${rule.name}`,
        TARGET_ARN: `arn:aws:lambda:${region}:${accountId}:function:${rule.target}`,
        ERROR_CODE: code,
        ERROR_MESSAGE: err instanceof Error ? err.message : String(err),
        ...extra,
      },
    );
    this.deadLetters.push(letter);
    this.o.onDeadLetter?.(letter);
  }
}

/**
 * The DLQ's ERROR_CODE for a failed Invoke. AWS lists the codes but not which Lambda error gives which; these
 * follow the names: throttling, a function that does not exist, and missing permissions have codes of their own
 * (the last two are not retried, as documented), anything else is an error of the SDK call.
 */
function classify(err: unknown): { code: string; retriable: boolean } {
  const status = err instanceof InvokeError ? err.statusCode : undefined;
  const name = err instanceof Error ? err.name : '';
  if (status === 429 || name === 'TooManyRequestsException') return { code: 'THROTTLING', retriable: true };
  if (status === 404 || name === 'ResourceNotFoundException')
    return { code: 'NO_RESOURCE', retriable: false };
  if (status === 403 || name === 'AccessDeniedException') return { code: 'NO_PERMISSIONS', retriable: false };
  return { code: 'SDK_CLIENT_ERROR', retriable: true };
}
