/**
 * When a one-time schedule runs, as EventBridge Scheduler documents it:
 * - `at(yyyy-mm-ddThh:mm:ss)` is a wall-clock time in `ScheduleExpressionTimezone` (default UTC);
 * - "All schedule types on EventBridge Scheduler invoke their targets with 60 second precision": a schedule set for
 *   1:00 runs between 1:00:00 and 1:00:59 (Schedule types, EventBridge Scheduler User Guide). The seconds of the
 *   expression do not move it within its minute;
 * - a FLEXIBLE `FlexibleTimeWindow` lets the service run it any time within `MaximumWindowInMinutes` after that.
 */

const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;
const minuteMs = 60_000;
/** setTimeout fires at once for delays above 2^31-1 ms (about 24.8 days): longer waits are chained. */
const maxTimerMs = 2 ** 31 - 1;

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock time of an `at()` expression, or undefined when it is not one or names no real date. */
export function parseAtExpression(expression: string): WallClock | undefined {
  const m = AT.exec(expression);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const probe = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 2025-02-30 over into March; a real date survives the round trip unchanged.
  const real =
    probe.getUTCFullYear() === year &&
    probe.getUTCMonth() === month - 1 &&
    probe.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60;
  return real ? { year, month, day, hour, minute, second } : undefined;
}

/** Whether `timeZone` is a zone name the runtime's ICU knows (IANA names such as `Europe/Paris`, and `UTC`). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The instant (epoch ms) at which `clock` is read on a wall clock in `timeZone`. */
export function zonedToEpoch(clock: WallClock, timeZone: string): number {
  const asUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
  const first = asUtc - offsetMs(asUtc, timeZone);
  // Near a daylight-saving change the offset at the guess can differ from the offset at the answer.
  const second = asUtc - offsetMs(first, timeZone);
  return second;
}

/** How far `timeZone`'s wall clock is ahead of UTC at `epochMs`. */
function offsetMs(epochMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(epochMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The instant the stand-in runs a schedule due at `dueEpochMs`: somewhere in its minute (60-second precision), or
 * somewhere in the flexible window that starts with that minute. `random` is in [0, 1).
 */
export function invocationTime(
  dueEpochMs: number,
  windowMinutes: number | undefined,
  random: number,
): number {
  const minuteStart = Math.floor(dueEpochMs / minuteMs) * minuteMs;
  const spread = (windowMinutes ?? 1) * minuteMs;
  return minuteStart + Math.floor(random * spread);
}

/** A cancellable timer for any delay, even past setTimeout's 24.8-day limit. */
export function startTimer(delayMs: number, fire: () => void): { cancel(): void } {
  let handle: NodeJS.Timeout;
  const arm = (remaining: number) => {
    if (remaining > maxTimerMs) handle = setTimeout(() => arm(remaining - maxTimerMs), maxTimerMs);
    else handle = setTimeout(fire, Math.max(0, remaining));
  };
  arm(delayMs);
  return { cancel: () => clearTimeout(handle) };
}
