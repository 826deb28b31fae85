import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BotApiClient } from '../adapters/bot-api';
import { positiveNumberEnv, requireEnv } from '../adapters/config';
import { MINUTE_MS, quotaFromEnv } from '../adapters/count-limit';
import { systemClock } from '../adapters/from-env';
import { logger } from '../adapters/logger';
import { createMovieLookup } from '../adapters/movies';
import { ReminderBookTable } from '../adapters/reminder-book';
import { SchedulerReminders } from '../adapters/reminders';
import { cachedSecret } from '../adapters/secrets';
import { tableFromEnv } from '../adapters/table-from-env';
import { HttpWeatherLookup } from '../adapters/weather';
import { makeBotHandler } from './on-event.handler';
import { botSkills, recentHumanMessages } from './skills';

/**
 * The reply waits for BotPostMessage to store and fan out the message (its own timeout is 10 s). Giving up
 * sooner would retry a reply that did arrive and post it twice; 8 s leaves room, within the bot's 15 s, for two
 * 3 s external lookups before it.
 */
const REPLY_TIMEOUT_MS = 8000;

// The Bot function's entry: its adapters, built once per cold start from its bindings and config.
const { bot, messages, access } = tableFromEnv('bot', 'messages', 'access');
const timeoutMs = positiveNumberEnv('EXTERNAL_TIMEOUT_MS');
const movieKey = cachedSecret(new SecretsManagerClient({}), requireEnv('OMDB_API_KEY_SECRET_ARN'));
const movieApiUrl = requireEnv('MOVIE_API_URL');

export const handler = makeBotHandler({
  ledger: bot,
  poster: new BotApiClient(requireEnv('HTTP_API_URL'), requireEnv('AWS_REGION'), REPLY_TIMEOUT_MS),
  clock: systemClock,
  welcomes: quotaFromEnv(access, 'LIMIT_WELCOMES_PER_ROOM_PER_MINUTE', MINUTE_MS).limiter,
  skills: botSkills(
    {
      weather: new HttpWeatherLookup({
        geocoderUrl: requireEnv('GEOCODER_API_URL'),
        weatherUrl: requireEnv('WEATHER_API_URL'),
        timeoutMs,
      }),
      weatherCache: bot,
      reminders: new SchedulerReminders(new SchedulerClient({}), {
        groupName: requireEnv('SCHEDULER_GROUP'),
        roleArn: requireEnv('SCHEDULER_ROLE_ARN'),
        eventBusArn: requireEnv('EVENT_BUS_ARN'),
      }),
      reminderBook: new ReminderBookTable(access.doc, access.tableName),
      reminderLimits: {
        perPerson: positiveNumberEnv('LIMIT_REMINDERS_PER_PERSON_ACCOUNT'),
        perGuest: positiveNumberEnv('LIMIT_REMINDERS_PER_PERSON_GUEST'),
        perRoom: positiveNumberEnv('LIMIT_REMINDERS_PER_ROOM'),
        textLength: positiveNumberEnv('LIMIT_REMINDER_TEXT_LENGTH'),
      },
      recentMessages: recentHumanMessages(messages, systemClock),
      now: () => new Date(),
      random: Math.random,
      storyOrder: positiveNumberEnv('STORY_ORDER'),
      warn: (message, details) => logger.warn(message, details),
    },
    {
      key: movieKey,
      lookup: (apiKey) => createMovieLookup({ baseUrl: movieApiUrl, apiKey, timeoutMs }),
    },
  ),
});
