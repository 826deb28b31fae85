/**
 * Local stand-in for one Amazon EventBridge bus: `PutEvents` over AWS JSON 1.1 (point the SDK at it with
 * `AWS_ENDPOINT_URL_EVENTBRIDGE`), signed with the local credentials; rule matching with the real pattern
 * semantics; delivery to the rule targets as asynchronous Lambda invocations, with the rule's retry policy for
 * failures to invoke and its dead-letter queue (see event-delivery.ts).
 */
import { randomUUID } from 'node:crypto';
import type { EventRuleSpec } from '../spec';
import { AwsJsonError, startAwsJsonServer } from './aws-json';
import type { DeadLetter } from './dead-letters';
import { DeliveryQueue, type EventEnvelope, type InvokeTarget } from './event-delivery';
import { matchesEventPattern, validateEventPattern } from './event-pattern';
import { localCredentials, type RunningService } from './types';

export type { DeadLetter } from './dead-letters';
export type { EventEnvelope } from './event-delivery';

export interface EventBusOptions {
  busName: string;
  rules: readonly EventRuleSpec[];
  /** Lambda's asynchronous Invoke (async-invoke.ts): resolves once Lambda queued the event. */
  invoke: InvokeTarget;
  port?: number;
  region: string;
  accountId: string;
  /** Wait before retry number `attempt` (1, 2, …). Default: 1 s, 2 s, 4 s… */
  retryDelayMs?: (attempt: number) => number;
  /** Told of each message sent to a rule's dead-letter queue (the event, with RULE_ARN, ERROR_CODE, …). */
  onDeadLetter?: (letter: DeadLetter) => void;
}

export interface LocalEventBus extends RunningService {
  /** The messages the rules' SQS dead-letter queues received: events EventBridge could not invoke a target with. */
  deadLetters(): DeadLetter[];
  /** Events the targets accepted so far. */
  delivered(): number;
  /** Resolves when no delivery is pending or waiting for a retry. */
  idle(): Promise<void>;
  /** True while a delivery is pending or waiting for a retry. */
  busy(): boolean;
}

const maxEntries = 10;
/** PutEvents quota: the entries of one request together stay under 256 KB. */
const maxRequestBytes = 256 * 1024;

type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

export async function startEventBus(o: EventBusOptions): Promise<LocalEventBus> {
  // AWS rejects an invalid pattern at PutRule; do the same at start-up rather than at the first event.
  for (const rule of o.rules) validateEventPattern(rule.pattern);
  const busArn = `arn:aws:events:${o.region}:${o.accountId}:event-bus/${o.busName}`;
  const queue = new DeliveryQueue({
    invoke: o.invoke,
    busName: o.busName,
    region: o.region,
    accountId: o.accountId,
    retryDelayMs: o.retryDelayMs,
    onDeadLetter: o.onDeadLetter,
  });

  const putEvents = (input: Record<string, unknown>) => {
    const entries = input.Entries;
    if (!Array.isArray(entries) || entries.length < 1 || entries.length > maxEntries) {
      const bound =
        Array.isArray(entries) && entries.length > maxEntries
          ? 'less than or equal to 10'
          : 'greater than or equal to 1';
      throw new AwsJsonError(
        'ValidationException',
        `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length ${bound}`,
      );
    }
    // A non-object entry is treated as an empty one: it fails alone with InvalidArgument.
    const records = entries.map(
      (e): Record<string, unknown> => (typeof e === 'object' && e !== null ? e : {}),
    );
    if (records.reduce((sum, e) => sum + entrySize(e), 0) > maxRequestBytes) {
      throw new AwsJsonError(
        'ValidationException',
        'Total size of the entries in the request is over the limit.',
      );
    }
    const receivedAt = Date.now();
    const results = records.map((entry): EntryResult => {
      const checked = checkEntry(entry);
      if ('ErrorCode' in checked) return checked;
      const id = randomUUID();
      const busName =
        typeof entry.EventBusName === 'string' && entry.EventBusName !== '' ? entry.EventBusName : 'default';
      if (busName !== o.busName && busName !== busArn) {
        // AWS accepts events for a bus that does not exist (or the default bus, when EventBusName is left out)
        // and silently drops them; the id is returned all the same. Say so locally, where someone can see it.
        console.warn(
          `[event-bus] event ${id} was sent to bus '${busName}', not '${o.busName}': accepted and dropped`,
        );
        return { EventId: id };
      }
      const envelope: EventEnvelope = {
        version: '0',
        id,
        'detail-type': checked.detailType,
        source: checked.source,
        account: o.accountId,
        time: isoSeconds(typeof entry.Time === 'number' ? new Date(entry.Time * 1000) : new Date(receivedAt)),
        region: o.region,
        resources: checked.resources,
        detail: checked.detail,
      };
      for (const rule of o.rules) {
        if (matchesEventPattern(rule.pattern, envelope)) queue.enqueue(envelope, rule, receivedAt);
      }
      return { EventId: id };
    });
    return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
  };

  const server = await startAwsJsonServer({
    operations: { 'AWSEvents.PutEvents': putEvents },
    signing: { service: 'events', credentials: localCredentials },
    port: o.port,
  });
  return {
    url: server.url,
    deadLetters: () => queue.deadLettered(),
    delivered: () => queue.delivered(),
    idle: () => queue.idle(),
    busy: () => queue.busy(),
    close: async () => {
      queue.close();
      await server.close();
    },
  };
}

type CheckedEntry = {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
  resources: string[];
};

/** Per-entry validation: a bad entry fails alone (ErrorCode in its result), the others still go through. */
function checkEntry(
  entry: Record<string, unknown>,
): CheckedEntry | { ErrorCode: string; ErrorMessage: string } {
  for (const field of ['Source', 'DetailType', 'Detail']) {
    if (typeof entry[field] !== 'string' || entry[field] === '') {
      return {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.`,
      };
    }
  }
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail as string);
  } catch {
    detail = undefined;
  }
  // Detail must be a JSON object: arrays, strings and numbers are malformed too.
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  }
  const resources = entry.Resources;
  if (
    resources !== undefined &&
    (!Array.isArray(resources) || resources.some((r) => typeof r !== 'string'))
  ) {
    return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Resources is not valid.' };
  }
  return {
    source: entry.Source as string,
    detailType: entry.DetailType as string,
    detail: detail as Record<string, unknown>,
    resources: (resources as string[] | undefined) ?? [],
  };
}

/** The documented size calculation: 14 bytes for Time, plus the UTF-8 bytes of the text fields. */
function entrySize(entry: Record<string, unknown>): number {
  let size = entry.Time === undefined ? 0 : 14;
  for (const field of ['Source', 'DetailType', 'Detail']) {
    if (typeof entry[field] === 'string') size += Buffer.byteLength(entry[field] as string);
  }
  if (Array.isArray(entry.Resources)) for (const r of entry.Resources) size += Buffer.byteLength(String(r));
  return size;
}

/** EventBridge times have no milliseconds: `2026-01-01T00:00:00Z`. */
function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
