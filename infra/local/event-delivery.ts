/**
 * Asynchronous, at-least-once delivery of one event to one rule target, with the rule's retry policy and a
 * dead-letter store — the local counterpart of an EventBridge target with `RetryPolicy` and an SQS DLQ.
 *
 * Deviation from AWS, on purpose: EventBridge invokes a Lambda target asynchronously, so on AWS a handler
 * error is retried by Lambda's own async-invoke policy, not the rule's. Locally there is one retry loop, driven
 * by the rule's policy, and a handler error counts as a failed delivery.
 */
import type { EventRuleSpec } from '../spec';
import type { Invoke } from './types';

export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export interface DeadLetter {
  event: EventEnvelope;
  ruleName: string;
  target: string;
  /** `Name: message` of the last failure. */
  error: string;
  /** Invocations made, the first one included. */
  attempts: number;
  failedAt: string;
}

/** EventBridge's default: exponential backoff, 1 s, 2 s, 4 s… */
export const defaultRetryDelayMs = (attempt: number): number => 1000 * 2 ** (attempt - 1);

export class DeliveryQueue {
  private readonly pending = new Set<Promise<void>>();
  private readonly deadLetters: DeadLetter[] = [];
  private deliveredCount = 0;
  private readonly stop = new AbortController();

  constructor(
    private readonly invoke: Invoke,
    private readonly retryDelayMs: (attempt: number) => number = defaultRetryDelayMs,
    private readonly onDeadLetter: (letter: DeadLetter) => void = () => undefined,
  ) {}

  /** Starts delivery after the current call stack, so the PutEvents response always goes out first. */
  enqueue(event: EventEnvelope, rule: EventRuleSpec, receivedAt: number): void {
    const delivery = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.deliver(event, rule, receivedAt))
      .finally(() => this.pending.delete(delivery));
    this.pending.add(delivery);
  }

  delivered(): number {
    return this.deliveredCount;
  }

  deadLettered(): DeadLetter[] {
    return [...this.deadLetters];
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
        await this.invoke(rule.target, event);
        this.deliveredCount++;
        return;
      } catch (err) {
        const delay = this.retryDelayMs(attempts);
        const retriesLeft = attempts - 1 < maximumRetryAttempts;
        // EventBridge gives up once the event would be older than the age limit at the next try.
        const youngEnough = Date.now() + delay - receivedAt <= maximumEventAgeSeconds * 1000;
        if (!retriesLeft || !youngEnough) {
          const letter: DeadLetter = {
            event,
            ruleName: rule.name,
            target: rule.target,
            error: describe(err),
            attempts,
            failedAt: new Date().toISOString(),
          };
          this.deadLetters.push(letter);
          this.onDeadLetter(letter);
          return;
        }
        await sleep(delay, this.stop.signal);
      }
    }
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
