/**
 * The small interfaces Pyro's skills call. Adapters in lambdas/adapters implement them over HTTP APIs and
 * EventBridge Scheduler; the table-backed weather cache is the handler's. Tests pass in-memory fakes.
 */

/** What an external lookup answers. `unavailable` covers timeouts, refused connections, 5xx and bad JSON. */
export type LookupResult<T> =
  | { kind: 'found'; value: T }
  | { kind: 'notFound' }
  | { kind: 'unavailable'; reason: string };

export interface WeatherReport {
  /** e.g. "San Francisco" */
  place: string;
  /** Two-letter state abbreviation, e.g. "CA" */
  state: string;
  temperatureF: number;
  /** Conditions in words, lower case, e.g. "partly cloudy" */
  conditions: string;
}

export interface WeatherLookup {
  /** Current weather for a 5-digit US zip code; `notFound` when the zip is unknown. */
  current(zip: string): Promise<LookupResult<WeatherReport>>;
}

export interface CachedWeather {
  report: WeatherReport;
  /** ISO-8601 UTC time the report was fetched; core ignores entries older than its cache window. */
  fetchedAt: string;
}

/**
 * Weather reports cached per zip. The table implementation stores `ttlSeconds` as its TTL attribute; DynamoDB
 * deletes expired items late, which is why core also checks `fetchedAt` itself.
 */
export interface WeatherCache {
  get(zip: string): Promise<CachedWeather | null>;
  put(zip: string, entry: CachedWeather, ttlSeconds: number): Promise<void>;
}

export interface Movie {
  title: string;
  year?: string;
  director?: string;
  writer?: string;
  plot?: string;
}

/** `keyRejected`: the service refused the configured API key (wrong, inactive, or not yet activated). */
export type MovieResult = LookupResult<Movie> | { kind: 'keyRejected' };

export interface MovieLookup {
  find(title: string): Promise<MovieResult>;
}

export interface ReminderRequest {
  roomId: string;
  /** Who asked; the reminder is addressed to them. */
  name: string;
  text: string;
  at: Date;
  /**
   * The id of the message that asked (its messageId). Event delivery is at-least-once, so the adapter derives
   * the schedule name from it: a redelivered request finds the schedule already there instead of making two.
   */
  requestId: string;
}

export type ReminderResult =
  | { kind: 'scheduled'; reminderId: string }
  /** The scheduler refused the request itself (validation, quota). */
  | { kind: 'rejected'; reason: string }
  /** The scheduler could not be reached or failed (throttling, 5xx, network, permissions). */
  | { kind: 'unavailable'; reason: string };

export type CancelResult =
  | { kind: 'cancelled' }
  /** No such schedule: it has fallen due already (or was cancelled before). */
  | { kind: 'notFound' }
  | { kind: 'unavailable'; reason: string };

export interface Reminders {
  schedule(request: ReminderRequest): Promise<ReminderResult>;
  /** Deletes the schedule the request with this room and id made. */
  cancel(roomId: string, requestId: string): Promise<CancelResult>;
}

/** Settings: pending reminders per person and per room, and the longest text (LIMIT_REMINDER…). */
export interface ReminderLimits {
  /** An account's pending reminders (LIMIT_REMINDERS_PER_PERSON_ACCOUNT). */
  perPerson: number;
  /** A guest's, fewer (LIMIT_REMINDERS_PER_PERSON_GUEST): a guest costs nothing to make. */
  perGuest: number;
  perRoom: number;
  textLength: number;
}

/** A pending reminder and its number: its place in the person's allowance, which stays put while others come and go. */
export interface PendingReminder extends ReminderRequest {
  place: number;
}

/** Who asked to cancel, and in which message (its id makes the choice once per message, however often retried). */
export interface CancelAsk {
  roomId: string;
  name: string;
  messageId: string;
}

/**
 * Which reminder a `pyro cancel N` names: the one at place N, or none (with the places the person does hold).
 * `repeated`: a redelivery of the same message, answered with the reminder chosen the first time, even if it is
 * gone or another reminder has taken its place since.
 */
export type CancelChoice =
  | { kind: 'chosen'; reminder: PendingReminder; repeated: boolean }
  | { kind: 'none'; places: number[] };

/** What the book answers a reservation: a place was taken (or was already this request's), or one is full. */
export type Reservation = 'reserved' | 'personFull' | 'roomFull';

/**
 * Who has which reminders pending (not yet due), so the limits hold across every instance of the bot and a
 * person can list and cancel theirs without anyone listing schedules. A reminder holds a place in its person's
 * allowance and one in its room's, taken together or not at all; a place frees itself when its reminder falls due.
 */
export interface ReminderBook {
  /** Takes the reminder's places unless its person or its room has no free one; idempotent per requestId. */
  reserve(
    reminder: ReminderRequest,
    limits: Pick<ReminderLimits, 'perPerson' | 'perRoom'>,
    nowMs: number,
  ): Promise<Reservation>;
  /** Frees the places of a reminder cancelled, or one the scheduler did not take. */
  release(name: string, requestId: string): Promise<void>;
  /** The person's reminders not yet due, by place (their numbers for `pyro cancel N`). */
  pending(name: string, nowMs: number): Promise<PendingReminder[]>;
  /** The reminder at `place` for this cancel message, chosen once per message (see CancelChoice). */
  chooseToCancel(ask: CancelAsk, place: number, nowMs: number): Promise<CancelChoice>;
}

/** Optional hook so the handler can log why a skill fell back to an apology (core has no logger). */
export type Warn = (message: string, details: Record<string, unknown>) => void;
