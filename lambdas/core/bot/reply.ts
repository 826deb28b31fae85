/**
 * Pyro's entry points: what to say (or null for nothing) for a chat message, a reminder falling due, and a
 * member joining a room. Plain TypeScript; the bot handler builds `BotDeps` from adapters and posts the reply.
 *
 * BotDeps:
 * - weather        WeatherLookup (lambdas/adapters/weather.ts): current weather for a zip.
 * - weatherCache   WeatherCache (the handler's, on the table with a TTL): reports per zip; core decides
 *                  freshness (WEATHER_CACHE_SECONDS) and survives a cache that throws.
 * - movies         MovieLookup (lambdas/adapters/movies.ts), or null when no OMDb API key is configured.
 * - reminders      Reminders (lambdas/adapters/reminders.ts): one-time schedules that emit `ReminderDue`.
 * - reminderBook   ReminderBook (lambdas/adapters/reminder-book.ts): who has which reminders pending, per person
 *                  and per room, to hold the limits and to list and cancel them.
 * - reminderLimits ReminderLimits (LIMIT_REMINDERS_PER_PERSON_ACCOUNT, _GUEST, _PER_ROOM, LIMIT_REMINDER_TEXT_LENGTH).
 * - recentMessages the room's recent human messages (not Pyro's own), to season the stories.
 * - now, random    injected so replies are deterministic in tests (see random.ts `seededRandom`).
 * - storyOrder     Markov order (STORY_ORDER); invalid → 2, capped at 4.
 * - warn           optional: told why a skill fell back to an apology (service down, cache failing, …).
 *
 * Skills never throw for a failing service: they answer politely in the room instead.
 */
import { limits } from '../../contract/limits';
import type { ChatMessage } from '../types';
import { BOT_NAME } from './bot-name';
import { parseMessage } from './parse';
import type {
  MovieLookup,
  ReminderBook,
  ReminderLimits,
  Reminders,
  Warn,
  WeatherCache,
  WeatherLookup,
} from './ports';
import type { Random } from './random';
import { helpReply } from './skills/help';
import { greetingReply, nudgeReply, thanksReply, welcomeReply } from './skills/manners';
import { movieReply } from './skills/movie';
import { cancelReminderReply, myRemindersReply } from './skills/my-reminders';
import { reminderDueReply, remindReply } from './skills/remind';
import { storyReply } from './skills/story';
import { weatherReply } from './skills/weather';

export interface BotDeps {
  weather: WeatherLookup;
  weatherCache: WeatherCache;
  movies: MovieLookup | null;
  reminders: Reminders;
  reminderBook: ReminderBook;
  reminderLimits: ReminderLimits;
  recentMessages(roomId: string): Promise<string[]>;
  now(): Date;
  random: Random;
  storyOrder: number;
  warn?: Warn;
}

/** Detail of a `ReminderDue` event (the schedule's Input; also carries `reminderId`). */
export interface ReminderDueDetail {
  roomId: string;
  name: string;
  text: string;
}

/** Detail of a `MemberJoined` event. */
export interface MemberJoinedDetail {
  roomId: string;
  name: string;
}

/** Messages are at most 2000 characters; a long title or plot must not make the reply itself invalid. */
export const MAX_REPLY_LENGTH = limits.text.maxLength;

export async function replyToMessage(message: ChatMessage, deps: BotDeps): Promise<string | null> {
  // The bus rule already drops Pyro's own messages; this guards against a loop if that rule ever changes.
  if (message.senderType === 'bot' || message.sender.toLowerCase() === BOT_NAME.toLowerCase()) return null;
  const command = parseMessage(message.text);
  if (!command) return null;
  const name = message.sender;
  switch (command.kind) {
    case 'greeting':
      return greetingReply(name, deps.random);
    case 'thanks':
      return thanksReply(name);
    case 'help':
      return helpReply(deps.reminderLimits);
    case 'weather':
      return clip(await weatherReply(command.zip, name, deps));
    case 'movie':
      return clip(await movieReply(command.title, name, deps));
    case 'story':
      return clip(await storyReply(message.roomId, deps));
    case 'remind':
      return clip(
        await remindReply(
          command.request,
          {
            roomId: message.roomId,
            name,
            senderType: message.senderType,
            messageId: message.messageId,
            createdAt: message.createdAt,
          },
          deps,
        ),
      );
    case 'reminders':
      return clip(await myRemindersReply(name, deps));
    case 'cancel':
      return clip(
        await cancelReminderReply(
          command.which,
          { roomId: message.roomId, name, messageId: message.messageId },
          deps,
        ),
      );
    case 'unknown':
      return nudgeReply(name);
  }
}

export function replyToReminderDue(detail: ReminderDueDetail): string {
  return clip(reminderDueReply(detail.name, detail.text));
}

export function welcomeMessage(detail: MemberJoinedDetail): string {
  return clip(welcomeReply(detail.name, detail.roomId));
}

export function isReminderDueDetail(detail: unknown): detail is ReminderDueDetail {
  return hasStrings(detail, ['roomId', 'name', 'text']);
}

export function isMemberJoinedDetail(detail: unknown): detail is MemberJoinedDetail {
  return hasStrings(detail, ['roomId', 'name']);
}

function hasStrings(value: unknown, keys: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return keys.every((key) => typeof record[key] === 'string' && record[key] !== '');
}

function clip(text: string): string {
  return text.length <= MAX_REPLY_LENGTH ? text : `${text.slice(0, MAX_REPLY_LENGTH - 1)}…`;
}
