import type {
  CachedWeather,
  CancelResult,
  LookupResult,
  MovieLookup,
  MovieResult,
  ReminderBook,
  ReminderLimits,
  ReminderRequest,
  ReminderResult,
  Reminders,
  Reservation,
  WeatherCache,
  WeatherLookup,
  WeatherReport,
} from '../../../../../lambdas/core/bot/ports';
import { seededRandom } from '../../../../../lambdas/core/bot/random';
import type { BotDeps } from '../../../../../lambdas/core/bot/reply';
import type { ChatMessage } from '../../../../../lambdas/core/types';

export const sanFrancisco: WeatherReport = {
  place: 'San Francisco',
  state: 'CA',
  temperatureF: 61.3,
  conditions: 'partly cloudy',
};

/** The in-memory stand-in for the table-backed cache: remembers entries and the TTL each was put with. */
export class MemoryWeatherCache implements WeatherCache {
  readonly entries = new Map<string, { entry: CachedWeather; ttlSeconds: number }>();
  async get(zip: string): Promise<CachedWeather | null> {
    return this.entries.get(zip)?.entry ?? null;
  }
  async put(zip: string, entry: CachedWeather, ttlSeconds: number): Promise<void> {
    this.entries.set(zip, { entry, ttlSeconds });
  }
}

export class FakeWeather implements WeatherLookup {
  readonly calls: string[] = [];
  constructor(public result: LookupResult<WeatherReport> = { kind: 'found', value: sanFrancisco }) {}
  async current(zip: string): Promise<LookupResult<WeatherReport>> {
    this.calls.push(zip);
    return this.result;
  }
}

export class FakeMovies implements MovieLookup {
  readonly calls: string[] = [];
  constructor(public result: MovieResult) {}
  async find(title: string): Promise<MovieResult> {
    this.calls.push(title);
    return this.result;
  }
}

export class FakeReminders implements Reminders {
  readonly requests: ReminderRequest[] = [];
  readonly cancels: string[] = [];
  cancelResult: CancelResult = { kind: 'cancelled' };
  constructor(public result: ReminderResult = { kind: 'scheduled', reminderId: 'r-1' }) {}
  async schedule(request: ReminderRequest): Promise<ReminderResult> {
    this.requests.push(request);
    return this.result;
  }
  async cancel(roomId: string, requestId: string): Promise<CancelResult> {
    this.cancels.push(`${roomId}/${requestId}`);
    return this.cancelResult;
  }
}

export const reminderLimits: ReminderLimits = { perPerson: 5, perRoom: 20, textLength: 200 };

/** The reminder book in memory, with the table's rules: places per person and per room, free once due. */
export class MemoryReminderBook implements ReminderBook {
  readonly reminders: ReminderRequest[] = [];
  readonly released: string[] = [];
  failure?: Error;
  async reserve(
    reminder: ReminderRequest,
    limits: Pick<ReminderLimits, 'perPerson' | 'perRoom'>,
    nowMs: number,
  ): Promise<Reservation> {
    if (this.failure) throw this.failure;
    if (this.reminders.some((r) => r.requestId === reminder.requestId)) return 'reserved';
    const live = this.reminders.filter((r) => r.at.getTime() > nowMs);
    if (live.filter((r) => r.name === reminder.name).length >= limits.perPerson) return 'personFull';
    if (live.filter((r) => r.roomId === reminder.roomId).length >= limits.perRoom) return 'roomFull';
    this.reminders.push(reminder);
    return 'reserved';
  }
  async release(name: string, requestId: string): Promise<void> {
    this.released.push(`${name}/${requestId}`);
    const index = this.reminders.findIndex((r) => r.requestId === requestId && r.name === name);
    if (index >= 0) this.reminders.splice(index, 1);
  }
  async pending(name: string, nowMs: number): Promise<ReminderRequest[]> {
    if (this.failure) throw this.failure;
    return this.reminders
      .filter((r) => r.name === name && r.at.getTime() > nowMs)
      .sort((a, b) => a.at.getTime() - b.at.getTime());
  }
}

export const now = new Date('2026-03-14T15:09:26.000Z');

export function fakeDeps(overrides: Partial<BotDeps> = {}): BotDeps {
  return {
    weather: new FakeWeather(),
    weatherCache: new MemoryWeatherCache(),
    movies: null,
    reminders: new FakeReminders(),
    reminderBook: new MemoryReminderBook(),
    reminderLimits,
    recentMessages: async () => [],
    now: () => now,
    random: seededRandom(42),
    storyOrder: 2,
    ...overrides,
  };
}

export function chat(text: string, sender = 'Ana'): ChatMessage {
  return {
    messageId: 'm-1',
    roomId: 'lobby',
    sender,
    senderType: 'guest',
    text,
    createdAt: now.toISOString(),
  };
}
