/**
 * The local dead-letter queues, holding what AWS would put in them, in AWS's shapes.
 *
 * On AWS (infra/aws/constructs/chat-event-bus.ts) each rule has one SQS queue that receives two kinds of message:
 * - from EventBridge, when it could not invoke the target (the rule target's `DeadLetterConfig`): the body is the
 *   event itself, and the message attributes say why: `RULE_ARN`, `TARGET_ARN`, `ERROR_CODE`, `ERROR_MESSAGE`,
 *   `EXHAUSTED_RETRY_CONDITION` and `RETRY_ATTEMPTS` (EventBridge User Guide, "Using dead-letter queues").
 * - from Lambda, when the function failed every attempt of an asynchronous invocation (the function's on-failure
 *   destination): the body is Lambda's invocation record (Lambda Developer Guide, "Example invocation record"),
 *   with no message attributes.
 */
import { randomUUID } from 'node:crypto';

/** An SQS message attribute as `ReceiveMessage` returns it. */
export interface SqsMessageAttribute {
  DataType: 'String' | 'Number';
  StringValue: string;
}

/** One message in a local dead-letter queue. */
export interface DeadLetter {
  /** Which AWS service sent it: EventBridge (the rule target's DLQ) or Lambda (the on-failure destination). */
  sender: 'events.amazonaws.com' | 'lambda.amazonaws.com';
  queueArn: string;
  sentAt: string;
  /** The rest is what SQS `ReceiveMessage` would hand a consumer. */
  MessageId: string;
  /** JSON text: the event (EventBridge) or the invocation record (Lambda). */
  Body: string;
  MessageAttributes: Record<string, SqsMessageAttribute>;
}

/** Lambda's invocation record for an asynchronous invocation that failed (what the on-failure destination gets). */
export interface InvocationRecord {
  version: '1.0';
  timestamp: string;
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: 'RetriesExhausted' | 'EventAgeExceeded';
    approximateInvokeCount: number;
  };
  requestPayload: unknown;
  /** Present when the function ran: Lambda's Invoke API answered 200 with `X-Amz-Function-Error`. */
  responseContext?: { statusCode: 200; executedVersion: '$LATEST'; functionError: 'Unhandled' };
  /** The Node.js runtime's error object for the last attempt. */
  responsePayload?: { errorType: string; errorMessage: string; trace: string[] };
}

/** The queue the CDK app creates for a rule (`<rule>DeadLetters`), named as locally as it can be. */
export function deadLetterQueueArn(ruleName: string, region: string, accountId: string): string {
  return `arn:aws:sqs:${region}:${accountId}:${ruleName}DeadLetters`;
}

/** Builds one SQS message as `sender` would send it. */
export function deadLetter(
  sender: DeadLetter['sender'],
  queueArn: string,
  body: unknown,
  attributes: Record<string, string | number> = {},
): DeadLetter {
  return {
    sender,
    queueArn,
    sentAt: new Date().toISOString(),
    MessageId: randomUUID(),
    Body: JSON.stringify(body),
    MessageAttributes: Object.fromEntries(
      Object.entries(attributes).map(([name, value]) => [
        name,
        { DataType: typeof value === 'number' ? 'Number' : 'String', StringValue: String(value) },
      ]),
    ),
  };
}

/** One readable line about a dead letter, for `npm start`. */
export function describeDeadLetter(letter: DeadLetter): string {
  const queue = letter.queueArn.split(':').at(-1);
  const attribute = (name: string) => letter.MessageAttributes[name]?.StringValue;
  if (letter.sender === 'events.amazonaws.com') {
    const target = attribute('TARGET_ARN')?.split(':').at(-1);
    const retries = attribute('RETRY_ATTEMPTS');
    return `Dead letter in ${queue}: EventBridge could not invoke ${target} (${attribute('ERROR_CODE')}${
      retries === undefined ? '' : `, ${retries} retries`
    }): ${attribute('ERROR_MESSAGE')}`;
  }
  const { requestContext, responsePayload } = JSON.parse(letter.Body) as InvocationRecord;
  const fn = requestContext.functionArn.split(':').at(-2);
  if (!responsePayload) return `Dead letter in ${queue}: ${fn} never ran (${requestContext.condition})`;
  return `Dead letter in ${queue}: ${fn} failed ${requestContext.approximateInvokeCount} time(s), ${requestContext.condition}: ${responsePayload.errorType}: ${responsePayload.errorMessage}`;
}
