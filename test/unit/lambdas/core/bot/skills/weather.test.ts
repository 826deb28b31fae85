import { describe, expect, it } from 'vitest';
import type { CachedWeather, WeatherCache } from '../../../../../../lambdas/core/bot/ports';
import {
  oneDecimal,
  WEATHER_CACHE_SECONDS,
  weatherReply,
} from '../../../../../../lambdas/core/bot/skills/weather';
import { FakeWeather, MemoryWeatherCache, now, sanFrancisco } from '../fakes';

function deps(overrides: { weather?: FakeWeather; weatherCache?: WeatherCache; at?: Date } = {}) {
  const warnings: string[] = [];
  return {
    weather: overrides.weather ?? new FakeWeather(),
    weatherCache: overrides.weatherCache ?? new MemoryWeatherCache(),
    now: () => overrides.at ?? now,
    warn: (message: string) => warnings.push(message),
    warnings,
  };
}

describe('weatherReply', () => {
  it('gives the place, the temperature in °F and °C, and the conditions', async () => {
    const reply = await weatherReply('94103', 'Ana', deps());
    expect(reply).toBe('Right now in San Francisco, CA (94103): 61.3°F (16.3°C), partly cloudy.');
  });

  it('asks for a zip code when none is given', async () => {
    expect(await weatherReply('', 'Ana', deps())).toContain('`pyro weather 94103`');
  });

  it.each(['9410', '941033', 'abcde', '94 103'])(
    'explains that %j is not a 5-digit zip code',
    async (zip) => {
      const d = deps();
      const reply = await weatherReply(zip, 'Ana', d);
      expect(reply).toContain('not a US zip code');
      expect(reply).toContain('5 digits');
      expect(d.weather.calls).toEqual([]);
    },
  );

  it('accepts ZIP+4 and looks up the 5-digit zip', async () => {
    const d = deps();
    await weatherReply('94103-1234', 'Ana', d);
    expect(d.weather.calls).toEqual(['94103']);
  });

  it('says so when the zip code is unknown', async () => {
    const reply = await weatherReply(
      '00000',
      'Ana',
      deps({ weather: new FakeWeather({ kind: 'notFound' }) }),
    );
    expect(reply).toBe("I couldn't find zip code 00000, Ana. Is it a US zip code?");
  });

  it('says politely that the weather service is not answering when it is down, and warns why', async () => {
    const d = deps({ weather: new FakeWeather({ kind: 'unavailable', reason: 'timed out after 200 ms' }) });
    const reply = await weatherReply('94103', 'Ana', d);
    expect(reply).toBe(
      'Sorry Ana, the weather service is not answering right now. Try again in a few minutes.',
    );
    expect(d.warnings).toEqual(['weather lookup unavailable']);
  });

  it('still answers politely when the lookup throws instead of returning a result', async () => {
    const weather = new FakeWeather();
    weather.current = async () => {
      throw new Error('boom');
    };
    expect(await weatherReply('94103', 'Ana', deps({ weather }))).toContain('not answering right now');
  });

  it('caches a report per zip for a few minutes and serves the next request from the cache', async () => {
    const weather = new FakeWeather();
    const cache = new MemoryWeatherCache();
    await weatherReply('94103', 'Ana', deps({ weather, weatherCache: cache }));
    expect(cache.entries.get('94103')).toEqual({
      entry: { report: sanFrancisco, fetchedAt: now.toISOString() },
      ttlSeconds: WEATHER_CACHE_SECONDS,
    });

    const later = new Date(now.getTime() + 5 * 60_000);
    const reply = await weatherReply('94103', 'Bo', deps({ weather, weatherCache: cache, at: later }));
    expect(reply).toContain('San Francisco');
    expect(weather.calls).toEqual(['94103']);
  });

  it('looks the weather up again once the cached report is older than the cache window', async () => {
    const weather = new FakeWeather();
    const cache = new MemoryWeatherCache();
    await cache.put(
      '94103',
      { report: { ...sanFrancisco, conditions: 'fog' }, fetchedAt: now.toISOString() },
      600,
    );
    const later = new Date(now.getTime() + WEATHER_CACHE_SECONDS * 1000);
    const reply = await weatherReply('94103', 'Ana', deps({ weather, weatherCache: cache, at: later }));
    expect(reply).toContain('partly cloudy');
    expect(weather.calls).toEqual(['94103']);
  });

  it('does not cache unknown zips or failed lookups', async () => {
    const cache = new MemoryWeatherCache();
    await weatherReply(
      '00000',
      'Ana',
      deps({ weather: new FakeWeather({ kind: 'notFound' }), weatherCache: cache }),
    );
    await weatherReply(
      '94103',
      'Ana',
      deps({ weather: new FakeWeather({ kind: 'unavailable', reason: 'HTTP 500' }), weatherCache: cache }),
    );
    expect(cache.entries.size).toBe(0);
  });

  it('answers from the weather service when the cache fails to read or write', async () => {
    const broken: WeatherCache = {
      get: async (): Promise<CachedWeather | null> => {
        throw new Error('table unavailable');
      },
      put: async () => {
        throw new Error('table unavailable');
      },
    };
    const d = deps({ weatherCache: broken });
    expect(await weatherReply('94103', 'Ana', d)).toContain('San Francisco');
    expect(d.warnings).toEqual(['weather cache read failed', 'weather cache write failed']);
  });
});

describe('oneDecimal', () => {
  it('rounds to one decimal and never prints minus zero', () => {
    expect(oneDecimal(16.2777)).toBe('16.3');
    expect(oneDecimal(32)).toBe('32');
    expect(oneDecimal(-0.04)).toBe('0');
    expect(oneDecimal(-17.78)).toBe('-17.8');
  });
});
