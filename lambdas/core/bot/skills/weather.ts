import type { CachedWeather, LookupResult, Warn, WeatherCache, WeatherLookup, WeatherReport } from '../ports';

/** How long a report per zip is reused: weather does not change by the minute, and the APIs are shared. */
export const WEATHER_CACHE_SECONDS = 600;

export interface WeatherDeps {
  weather: WeatherLookup;
  weatherCache: WeatherCache;
  now(): Date;
  warn?: Warn;
}

const zipPattern = /^(\d{5})(?:-\d{4})?$/;

export async function weatherReply(arg: string, name: string, deps: WeatherDeps): Promise<string> {
  if (arg === '') return 'Which zip code? Try `pyro weather 94103`.';
  const zip = zipPattern.exec(arg)?.[1];
  if (!zip)
    return `"${arg.slice(0, 20)}" is not a US zip code; I need 5 digits, like \`pyro weather 94103\`.`;

  const cached = await readCache(zip, deps);
  if (cached) return describe(zip, cached);

  const result = await lookup(zip, deps);
  switch (result.kind) {
    case 'found':
      await writeCache(zip, result.value, deps);
      return describe(zip, result.value);
    case 'notFound':
      return `I couldn't find zip code ${zip}, ${name}. Is it a US zip code?`;
    case 'unavailable':
      deps.warn?.('weather lookup unavailable', { zip, reason: result.reason });
      return `Sorry ${name}, the weather service is not answering right now. Try again in a few minutes.`;
  }
}

function describe(zip: string, report: WeatherReport): string {
  const f = report.temperatureF;
  const c = ((f - 32) * 5) / 9;
  return `Right now in ${report.place}, ${report.state} (${zip}): ${oneDecimal(f)}°F (${oneDecimal(c)}°C), ${report.conditions}.`;
}

/** "61.3", "16", never "-0". */
export function oneDecimal(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

async function lookup(zip: string, deps: WeatherDeps): Promise<LookupResult<WeatherReport>> {
  try {
    return await deps.weather.current(zip);
  } catch (err) {
    // Adapters return results rather than throw; this is the safety net so Pyro still answers.
    return { kind: 'unavailable', reason: err instanceof Error ? err.message : String(err) };
  }
}

/** A cache that fails or holds a stale entry only costs a fresh lookup, never the answer. */
async function readCache(zip: string, deps: WeatherDeps): Promise<WeatherReport | null> {
  let entry: CachedWeather | null;
  try {
    entry = await deps.weatherCache.get(zip);
  } catch (err) {
    deps.warn?.('weather cache read failed', { zip, error: String(err) });
    return null;
  }
  if (!entry) return null;
  const age = deps.now().getTime() - Date.parse(entry.fetchedAt);
  // DynamoDB deletes expired items up to days late, so freshness is checked here too.
  if (!(age >= 0 && age < WEATHER_CACHE_SECONDS * 1000)) return null;
  return entry.report;
}

async function writeCache(zip: string, report: WeatherReport, deps: WeatherDeps): Promise<void> {
  try {
    await deps.weatherCache.put(zip, { report, fetchedAt: deps.now().toISOString() }, WEATHER_CACHE_SECONDS);
  } catch (err) {
    deps.warn?.('weather cache write failed', { zip, error: String(err) });
  }
}
