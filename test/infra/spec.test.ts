import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/local/paths';
import {
  accountSignInMaxSeconds,
  envVarNames,
  functionByName,
  functions,
  httpRoutes,
  localEnvVarNames,
  movieApiKeyPlaceholder,
  usageLimits,
  webSocketAuthorizer,
  webSocketRoutes,
} from '../../infra/spec';
import { MOVIE_KEY_PLACEHOLDER } from '../../lambdas/adapters/movies';

describe('the spec', () => {
  it('marks an unconfigured OMDb key the way the bot recognizes it', () => {
    expect(movieApiKeyPlaceholder).toBe(MOVIE_KEY_PLACEHOLDER);
  });

  it('points every function at a handler module that exists', () => {
    for (const fn of functions) expect(existsSync(join(repoRoot, fn.entry)), fn.entry).toBe(true);
  });

  it('routes only to functions it defines, each route once', () => {
    const names = new Set(functions.map((f) => f.name));
    for (const route of [...httpRoutes, ...webSocketRoutes])
      expect(names.has(route.function), route.function).toBe(true);
    const httpKeys = httpRoutes.map((r) => `${r.method} ${r.path}`);
    expect(new Set(httpKeys).size).toBe(httpKeys.length);
    expect(webSocketRoutes.map((r) => r.routeKey)).toEqual(
      expect.arrayContaining([
        '$connect',
        '$disconnect',
        '$default',
        'sendMessage',
        'joinRoom',
        'typing',
        'ping',
      ]),
    );
  });

  it('gives a function the env vars of its bindings and its config, and no others', () => {
    const bot = functions.find((f) => f.name === 'Bot');
    expect(bot && envVarNames(bot).sort()).toEqual(
      [
        'APP_VERSION',
        'POWERTOOLS_SERVICE_NAME',
        'NODE_OPTIONS',
        'TABLE_NAME',
        'HTTP_API_URL',
        'SCHEDULER_GROUP',
        'SCHEDULER_ROLE_ARN',
        'EVENT_BUS_ARN',
        'OMDB_API_KEY_SECRET_ARN',
        'WEATHER_API_URL',
        'GEOCODER_API_URL',
        'MOVIE_API_URL',
        'EXTERNAL_TIMEOUT_MS',
        'STORY_ORDER',
        'LIMIT_REMINDERS_PER_PERSON_ACCOUNT',
        'LIMIT_REMINDERS_PER_PERSON_GUEST',
        'LIMIT_REMINDERS_PER_ROOM',
        'LIMIT_REMINDER_TEXT_LENGTH',
        'LIMIT_WELCOMES_PER_ROOM_PER_MINUTE',
      ].sort(),
    );
  });

  it('gives guests lower limits than accounts wherever a limit is split by kind, and whoever gets one both', () => {
    const kinds = Object.keys(usageLimits).filter((name) => name.endsWith('_GUEST'));
    expect(kinds.length).toBeGreaterThanOrEqual(4);
    for (const guestName of kinds) {
      const accountName = guestName.replace(/_GUEST$/, '_ACCOUNT') as keyof typeof usageLimits;
      const guest = Number(usageLimits[guestName as keyof typeof usageLimits]);
      expect(guest, guestName).toBeLessThan(Number(usageLimits[accountName]));
      // A function that serves guests under a limit gets the accounts' value too.
      for (const fn of functions) {
        const config = Object.keys(fn.config ?? {});
        if (config.includes(guestName)) expect(config, fn.name).toContain(accountName);
      }
    }
    for (const name of ['PostMessage', 'WsSendMessage', 'MessageActions', 'WsMessageActions'])
      expect(functionByName(name).config).toMatchObject({
        LIMIT_MESSAGE_BURST_ACCOUNT: usageLimits.LIMIT_MESSAGE_BURST_ACCOUNT,
        LIMIT_MESSAGE_BURST_GUEST: usageLimits.LIMIT_MESSAGE_BURST_GUEST,
        LIMIT_MESSAGE_INTERVAL_MS: usageLimits.LIMIT_MESSAGE_INTERVAL_MS,
      });
  });

  it('tells every function that checks a Bearer token the user pool, and the local cloud also its issuer', () => {
    const checkers = new Set([
      ...httpRoutes.filter((r) => r.auth === 'bearer').map((r) => r.function),
      webSocketAuthorizer.function,
    ]);
    for (const name of checkers)
      expect({ [name]: functionByName(name).bindings }).toEqual({
        [name]: expect.arrayContaining(['tokenSecret', 'userPool']),
      });
    for (const fn of functions) {
      const bound = fn.bindings.includes('userPool');
      const deployed = envVarNames(fn);
      const local = localEnvVarNames(fn);
      expect(deployed.includes('USER_POOL_ID') && deployed.includes('USER_POOL_CLIENT_ID')).toBe(bound);
      // Cognito's issuer follows from the pool id; only cognito-local's must be given.
      expect(deployed).not.toContain('COGNITO_ISSUER');
      expect(local.includes('COGNITO_ISSUER')).toBe(bound);
      expect(local.filter((n) => n !== 'COGNITO_ISSUER').sort()).toEqual([...deployed].sort());
    }
  });

  it("keeps a signed-out account's sign-in refused for its refresh token's 30 days and a last access token's hour", () => {
    expect(accountSignInMaxSeconds).toBe(30 * 24 * 3600 + 3600);
    expect(functionByName('DeleteSession').config?.ACCOUNT_SIGN_IN_MAX_SECONDS).toBe(
      String(accountSignInMaxSeconds),
    );
  });
});
