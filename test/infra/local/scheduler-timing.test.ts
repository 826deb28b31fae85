import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  invocationTime,
  isKnownTimeZone,
  parseAtExpression,
  startTimer,
  zonedToEpoch,
} from '../../../infra/local/scheduler-timing';

afterEach(() => {
  vi.useRealTimers();
});

describe('at() expressions', () => {
  it('reads yyyy-mm-ddThh:mm:ss as a wall-clock time', () => {
    expect(parseAtExpression('at(2030-05-01T12:34:56)')).toEqual({
      year: 2030,
      month: 5,
      day: 1,
      hour: 12,
      minute: 34,
      second: 56,
    });
    expect(parseAtExpression('at(2028-02-29T00:00:00)')).toBeDefined();
  });

  it('rejects dates that do not exist and other formats', () => {
    for (const expression of [
      'at(2030-02-30T12:00:00)',
      'at(2029-02-29T12:00:00)',
      'at(2030-13-01T12:00:00)',
      'at(2030-05-01T24:00:00)',
      'at(2030-05-01T12:60:00)',
      'at(2030-05-01T12:00:00.000)',
      'at(2030-05-01T12:00:00Z)',
      'at(2030-5-1T12:00:00)',
      ' at(2030-05-01T12:00:00)',
    ]) {
      expect(parseAtExpression(expression), expression).toBeUndefined();
    }
  });
});

describe('ScheduleExpressionTimezone', () => {
  it('knows IANA zone names and UTC, not made-up ones', () => {
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('America/New_York')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
  });

  it('turns the wall clock of a zone into the instant, across daylight saving', () => {
    const noon = { year: 2030, month: 1, day: 15, hour: 12, minute: 0, second: 0 };
    expect(new Date(zonedToEpoch(noon, 'UTC')).toISOString()).toBe('2030-01-15T12:00:00.000Z');
    // New York is UTC-5 in winter, UTC-4 in summer; Kolkata is UTC+5:30 all year.
    expect(new Date(zonedToEpoch(noon, 'America/New_York')).toISOString()).toBe('2030-01-15T17:00:00.000Z');
    expect(new Date(zonedToEpoch({ ...noon, month: 7 }, 'America/New_York')).toISOString()).toBe(
      '2030-07-15T16:00:00.000Z',
    );
    expect(new Date(zonedToEpoch(noon, 'Asia/Kolkata')).toISOString()).toBe('2030-01-15T06:30:00.000Z');
  });
});

describe('when a schedule runs', () => {
  const due = Date.parse('2030-05-01T12:34:56Z');
  const minute = Date.parse('2030-05-01T12:34:00Z');

  it('runs anywhere in its minute (60-second precision), whatever the seconds of the expression', () => {
    expect(invocationTime(due, undefined, 0)).toBe(minute);
    expect(invocationTime(due, undefined, 0.5)).toBe(minute + 30_000);
    expect(invocationTime(due, undefined, 0.9999)).toBeLessThan(minute + 60_000);
  });

  it('runs anywhere in a FLEXIBLE window that starts with its minute', () => {
    expect(invocationTime(due, 15, 0)).toBe(minute);
    expect(invocationTime(due, 15, 0.5)).toBe(minute + 7.5 * 60_000);
    expect(invocationTime(due, 15, 0.9999)).toBeLessThan(minute + 15 * 60_000);
  });

  it('waits longer than setTimeout can (24.8 days) without firing early', () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    const day = 86_400_000;
    startTimer(30 * day, fired);
    vi.advanceTimersByTime(29 * day);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(day);
    expect(fired).toHaveBeenCalledOnce();
  });

  it('can be cancelled before it fires, also in a long wait', () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    const timer = startTimer(40 * 86_400_000, fired);
    vi.advanceTimersByTime(30 * 86_400_000);
    timer.cancel();
    vi.advanceTimersByTime(20 * 86_400_000);
    expect(fired).not.toHaveBeenCalled();
  });
});
