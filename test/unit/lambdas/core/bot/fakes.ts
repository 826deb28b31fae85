import type {
  CachedWeather,
  LookupResult,
  MovieLookup,
  MovieResult,
  ReminderRequest,
  ReminderResult,
  Reminders,
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
  constructor(public result: ReminderResult = { kind: 'scheduled', reminderId: 'r-1' }) {}
  async schedule(request: ReminderRequest): Promise<ReminderResult> {
    this.requests.push(request);
    return this.result;
  }
}

export const now = new Date('2026-03-14T15:09:26.000Z');

export function fakeDeps(overrides: Partial<BotDeps> = {}): BotDeps {
  return {
    weather: new FakeWeather(),
    weatherCache: new MemoryWeatherCache(),
    movies: null,
    reminders: new FakeReminders(),
    recentMessages: async () => [],
    now: () => now,
    random: seededRandom(42),
    storyOrder: 2,
    ...overrides,
  };
}

export function chat(text: string, sender = 'Ana'): ChatMessage {
  return { messageId: 'm-1', roomId: 'lobby', sender, text, createdAt: now.toISOString() };
}
