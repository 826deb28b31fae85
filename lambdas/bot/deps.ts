import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BotApiClient } from '../adapters/bot-api';
import { BotTable } from '../adapters/bot-table';
import { numberEnv, requireEnv } from '../adapters/config';
import { tableFromEnv } from '../adapters/from-env';
import { logger } from '../adapters/logger';
import { createMovieLookup } from '../adapters/movies';
import { SchedulerReminders } from '../adapters/reminders';
import { cachedSecret } from '../adapters/secrets';
import { HttpWeatherLookup } from '../adapters/weather';
import { BOT_NAME } from '../core/bot/bot-name';
import type { BotDeps } from '../core/bot/reply';

/**
 * The reply waits for BotPostMessage to store and fan out the message (its own timeout is 10 s). Giving up
 * sooner would retry a reply that did arrive and post it twice; 8 s leaves room, within the bot's 15 s, for two
 * 3 s external lookups before it.
 */
const REPLY_TIMEOUT_MS = 8000;

/** Everything the bot function needs, built once per cold start from its bindings and config. */
export function botDepsFromEnv() {
  const table = tableFromEnv();
  const timeoutMs = numberEnv('EXTERNAL_TIMEOUT_MS', 3000);
  const movieKey = cachedSecret(new SecretsManagerClient({}), requireEnv('OMDB_API_KEY_SECRET_ARN'));
  const botTable = new BotTable(table.doc, table.tableName);

  const skills: Omit<BotDeps, 'movies'> = {
    weather: new HttpWeatherLookup({
      geocoderUrl: requireEnv('GEOCODER_API_URL'),
      weatherUrl: requireEnv('WEATHER_API_URL'),
      timeoutMs,
    }),
    weatherCache: botTable,
    reminders: new SchedulerReminders(new SchedulerClient({}), {
      groupName: requireEnv('SCHEDULER_GROUP'),
      roleArn: requireEnv('SCHEDULER_ROLE_ARN'),
      eventBusArn: requireEnv('EVENT_BUS_ARN'),
    }),
    async recentMessages(roomId) {
      const page = await table.messages.listMessages(roomId, { limit: 50 }, Math.floor(Date.now() / 1000));
      return page.messages.filter((m) => m.sender !== BOT_NAME).map((m) => m.text);
    },
    now: () => new Date(),
    random: Math.random,
    storyOrder: numberEnv('STORY_ORDER', 2),
    warn: (message, details) => logger.warn(message, details),
  };

  return {
    botTable,
    api: new BotApiClient(requireEnv('HTTP_API_URL'), requireEnv('AWS_REGION'), REPLY_TIMEOUT_MS),
    /** The skills' deps; the movie lookup exists only when an OMDb key is configured in its secret. */
    async skills(): Promise<BotDeps> {
      return {
        ...skills,
        movies: createMovieLookup({
          baseUrl: requireEnv('MOVIE_API_URL'),
          apiKey: await omdbKey(),
          timeoutMs,
        }),
      };
    },
  };

  async function omdbKey(): Promise<string | undefined> {
    try {
      return await movieKey();
    } catch (err) {
      // No secret value yet: the operator has not configured a key, and Pyro says how to.
      if (err instanceof ResourceNotFoundException) return undefined;
      throw err;
    }
  }
}
