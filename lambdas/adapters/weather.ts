import type { LookupResult, WeatherLookup, WeatherReport } from '../core/bot/ports';
import { getJson, joinUrl } from './http-json';

export interface WeatherApiConfig {
  /** Zippopotam.us-compatible geocoder (GEOCODER_API_URL), e.g. https://api.zippopotam.us */
  geocoderUrl: string;
  /** Open-Meteo-compatible forecast API (WEATHER_API_URL), e.g. https://api.open-meteo.com */
  weatherUrl: string;
  /** Per request (EXTERNAL_TIMEOUT_MS); a lookup makes two requests in a row. */
  timeoutMs: number;
}

/** Zip → place via the geocoder, then current temperature (°F) and WMO weather code from Open-Meteo. */
export class HttpWeatherLookup implements WeatherLookup {
  constructor(private readonly config: WeatherApiConfig) {}

  async current(zip: string): Promise<LookupResult<WeatherReport>> {
    const geo = await getJson(
      joinUrl(this.config.geocoderUrl, `/us/${encodeURIComponent(zip)}`),
      this.config.timeoutMs,
    );
    if (geo.kind === 'unavailable') return { kind: 'unavailable', reason: `geocoder ${geo.reason}` };
    // Zippopotam answers an unknown zip with 404 and `{}`.
    if (geo.status === 404) return { kind: 'notFound' };
    if (geo.status !== 200) return { kind: 'unavailable', reason: `geocoder HTTP ${geo.status}` };
    const place = readPlace(geo.body);
    if (place === 'none') return { kind: 'notFound' };
    if (!place) return { kind: 'unavailable', reason: 'geocoder sent an unexpected response' };

    // Built by hand: the comma in `current=` stays literal, as in Open-Meteo's own examples.
    const query =
      `latitude=${encodeURIComponent(place.latitude)}&longitude=${encodeURIComponent(place.longitude)}` +
      '&current=temperature_2m,weather_code&temperature_unit=fahrenheit';
    const forecast = await getJson(
      joinUrl(this.config.weatherUrl, `/v1/forecast?${query}`),
      this.config.timeoutMs,
    );
    if (forecast.kind === 'unavailable') return { kind: 'unavailable', reason: `weather ${forecast.reason}` };
    // Open-Meteo answers bad parameters with 400 `{"error":true,"reason":…}`: our fault, not an unknown place.
    if (forecast.status !== 200) return { kind: 'unavailable', reason: `weather HTTP ${forecast.status}` };
    const current = readCurrent(forecast.body);
    if (!current) return { kind: 'unavailable', reason: 'weather service sent an unexpected response' };
    return {
      kind: 'found',
      value: {
        place: place.name,
        state: place.state,
        temperatureF: current.temperature,
        conditions: describeWeatherCode(current.code),
      },
    };
  }
}

interface Place {
  name: string;
  state: string;
  latitude: string;
  longitude: string;
}

function readPlace(body: unknown): Place | 'none' | null {
  const places = (body as { places?: unknown } | null)?.places;
  if (!Array.isArray(places)) return null;
  if (places.length === 0) return 'none';
  const first = places[0] as Record<string, unknown> | null;
  const name = first?.['place name'];
  const state = first?.['state abbreviation'];
  const latitude = first?.latitude;
  const longitude = first?.longitude;
  if (typeof name !== 'string' || typeof state !== 'string') return null;
  // Zippopotam sends coordinates as strings; accept numbers too.
  if (!isCoordinate(latitude) || !isCoordinate(longitude)) return null;
  return { name, state, latitude: String(latitude), longitude: String(longitude) };
}

function isCoordinate(value: unknown): value is string | number {
  return (
    (typeof value === 'string' || typeof value === 'number') && value !== '' && Number.isFinite(Number(value))
  );
}

function readCurrent(body: unknown): { temperature: number; code: number } | null {
  const current = (body as { current?: Record<string, unknown> } | null)?.current;
  const temperature = current?.temperature_2m;
  const code = current?.weather_code;
  if (typeof temperature !== 'number' || !Number.isFinite(temperature) || typeof code !== 'number')
    return null;
  return { temperature, code };
}

/** WMO weather interpretation codes, the subset Open-Meteo documents. */
const wmoCodes: Record<number, string> = {
  0: 'clear sky',
  1: 'mainly clear',
  2: 'partly cloudy',
  3: 'overcast',
  45: 'fog',
  48: 'depositing rime fog',
  51: 'light drizzle',
  53: 'moderate drizzle',
  55: 'dense drizzle',
  56: 'light freezing drizzle',
  57: 'dense freezing drizzle',
  61: 'slight rain',
  63: 'moderate rain',
  65: 'heavy rain',
  66: 'light freezing rain',
  67: 'heavy freezing rain',
  71: 'slight snowfall',
  73: 'moderate snowfall',
  75: 'heavy snowfall',
  77: 'snow grains',
  80: 'slight rain showers',
  81: 'moderate rain showers',
  82: 'violent rain showers',
  85: 'slight snow showers',
  86: 'heavy snow showers',
  95: 'thunderstorm',
  96: 'thunderstorm with slight hail',
  99: 'thunderstorm with heavy hail',
};

export function describeWeatherCode(code: number): string {
  return wmoCodes[code] ?? 'unknown conditions';
}
