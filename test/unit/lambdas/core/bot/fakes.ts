import type {
  CachedWeather,
  CancelAsk,
  CancelChoice,
  CancelResult,
  LookupResult,
  MovieLookup,
  MovieResult,
  PendingReminder,
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

export const reminderLimits: ReminderLimits = { perPerson: 5, perGuest: 2, perRoom: 20, textLength: 200 };

/**
 * The reminder book in memory, with the table's rules: places per person and per room, free once due, numbered
 * by the person's place, and one cancel choice per message.
 */
export class MemoryReminderBook implements ReminderBook {
  readonly reminders: ReminderRequest[] = [];
  /** Each reminder's place in its person's allowance, by requestId. */
  readonly places = new Map<string, number>();
  /** Each cancel message's choice, by room and message id. */
  readonly cancelChoices = new Map<string, PendingReminder | null>();
  readonly released: string[] = [];
  failure?: Error;
  /** Puts a reminder at a given place (a test's starting state). */
  add(reminder: ReminderRequest, place: number): void {
    this.reminders.push(reminder);
    this.places.set(reminder.requestId, place);
  }
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
    const held = new Set(
      live.filter((r) => r.name === reminder.name).map((r) => this.places.get(r.requestId)),
    );
    let place = 1;
    while (held.has(place)) place++;
    this.add(reminder, place);
    return 'reserved';
  }
  async release(name: string, requestId: string): Promise<void> {
    this.released.push(`${name}/${requestId}`);
    const index = this.reminders.findIndex((r) => r.requestId === requestId && r.name === name);
    if (index >= 0) this.reminders.splice(index, 1);
  }
  async pending(name: string, nowMs: number): Promise<PendingReminder[]> {
    if (this.failure) throw this.failure;
    return this.reminders
      .filter((r) => r.name === name && r.at.getTime() > nowMs)
      .map((r) => ({ ...r, place: this.places.get(r.requestId) ?? 0 }))
      .sort((a, b) => a.place - b.place);
  }
  async chooseToCancel(ask: CancelAsk, place: number, nowMs: number): Promise<CancelChoice> {
    const mine = await this.pending(ask.name, nowMs);
    const places = mine.map((r) => r.place);
    const key = `${ask.roomId}/${ask.messageId}`;
    const earlier = this.cancelChoices.get(key);
    if (earlier !== undefined) {
      return earlier ? { kind: 'chosen', reminder: earlier, repeated: true } : { kind: 'none', places };
    }
    const held = mine.find((r) => r.place === place);
    this.cancelChoices.set(key, held ?? null);
    return held ? { kind: 'chosen', reminder: held, repeated: false } : { kind: 'none', places };
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
