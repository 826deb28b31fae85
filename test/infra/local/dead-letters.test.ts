import { describe, expect, it } from 'vitest';
import {
  deadLetter,
  deadLetterQueueArn,
  describeDeadLetter,
  type InvocationRecord,
} from '../../../infra/local/dead-letters';

const queueArn = deadLetterQueueArn('BotAddressed', 'us-east-1', '000000000000');
const event = { version: '0', id: 'e-1', source: 'chatty', 'detail-type': 'MessagePosted', detail: {} };

describe('dead letters', () => {
  it('are SQS messages: a JSON body, and attributes typed String or Number', () => {
    const letter = deadLetter('events.amazonaws.com', queueArn, event, {
      ERROR_CODE: 'THROTTLING',
      RETRY_ATTEMPTS: 2,
    });
    expect(letter).toEqual({
      sender: 'events.amazonaws.com',
      queueArn: 'arn:aws:sqs:us-east-1:000000000000:BotAddressedDeadLetters',
      sentAt: expect.any(String),
      MessageId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      Body: JSON.stringify(event),
      MessageAttributes: {
        ERROR_CODE: { DataType: 'String', StringValue: 'THROTTLING' },
        RETRY_ATTEMPTS: { DataType: 'Number', StringValue: '2' },
      },
    });
  });

  it('read as one line for a rule DLQ message', () => {
    const letter = deadLetter('events.amazonaws.com', queueArn, event, {
      TARGET_ARN: 'arn:aws:lambda:us-east-1:000000000000:function:Bot',
      ERROR_CODE: 'THROTTLING',
      ERROR_MESSAGE: 'Rate Exceeded.',
      RETRY_ATTEMPTS: 2,
    });
    expect(describeDeadLetter(letter)).toBe(
      'Dead letter in BotAddressedDeadLetters: EventBridge could not invoke Bot (THROTTLING, 2 retries): Rate Exceeded.',
    );
  });

  it('read as one line for Lambda’s invocation record, with or without a function error', () => {
    const record: InvocationRecord = {
      version: '1.0',
      timestamp: '2026-01-01T00:00:00.000Z',
      requestContext: {
        requestId: 'r-1',
        functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:Bot:$LATEST',
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      requestPayload: event,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'ReplyFailedError', errorMessage: 'gone', trace: [] },
    };
    expect(describeDeadLetter(deadLetter('lambda.amazonaws.com', queueArn, record))).toBe(
      'Dead letter in BotAddressedDeadLetters: Bot failed 3 time(s), RetriesExhausted: ReplyFailedError: gone',
    );
    const throttled: InvocationRecord = {
      ...record,
      requestContext: { ...record.requestContext, condition: 'EventAgeExceeded', approximateInvokeCount: 0 },
      responseContext: undefined,
      responsePayload: undefined,
    };
    expect(describeDeadLetter(deadLetter('lambda.amazonaws.com', queueArn, throttled))).toBe(
      'Dead letter in BotAddressedDeadLetters: Bot never ran (EventAgeExceeded)',
    );
  });
});
