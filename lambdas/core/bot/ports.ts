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

export interface Reminders {
  schedule(request: ReminderRequest): Promise<ReminderResult>;
}

/** Optional hook so the handler can log why a skill fell back to an apology (core has no logger). */
export type Warn = (message: string, details: Record<string, unknown>) => void;
