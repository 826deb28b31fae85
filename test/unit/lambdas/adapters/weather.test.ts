import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { describeWeatherCode, HttpWeatherLookup } from '../../../../lambdas/adapters/weather';
import { type FakeServer, type Route, refusedUrl, sendJson, startFakeServer } from './fake-http-server';

const timeoutMs = 200;

const mission = {
  'post code': '94103',
  country: 'United States',
  places: [
    {
      'place name': 'San Francisco',
      longitude: '-122.4112',
      state: 'California',
      'state abbreviation': 'CA',
      latitude: '37.7725',
    },
  ],
};
const forecast = {
  latitude: 37.77,
  longitude: -122.41,
  current_units: { time: 'iso8601', interval: 'seconds', temperature_2m: '°F', weather_code: 'wmo code' },
  current: { time: '2026-03-14T15:00', interval: 900, temperature_2m: 61.3, weather_code: 2 },
};

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(route: Route): Promise<FakeServer> {
  const server = await startFakeServer(route);
  servers.push(server);
  return server;
}

/** The normal answers of both services; `override` replaces one of them. */
function apis(override: { geocoder?: Route; weather?: Route } = {}): Route {
  return (req, res, url) => {
    if (url.pathname.startsWith('/us/')) {
      if (override.geocoder) return override.geocoder(req, res, url);
      return url.pathname === '/us/94103' ? sendJson(res, 200, mission) : sendJson(res, 404, {});
    }
    if (url.pathname === '/v1/forecast') {
      if (override.weather) return override.weather(req, res, url);
      return sendJson(res, 200, forecast);
    }
    sendJson(res, 404, {});
  };
}

async function lookupWith(route: Route, zip = '94103') {
  const server = await serve(route);
  const lookup = new HttpWeatherLookup({ geocoderUrl: server.url, weatherUrl: server.url, timeoutMs });
  return { result: await lookup.current(zip), server };
}

const broken = (res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"places": [');
};

describe('HttpWeatherLookup', () => {
  it('finds the place for a zip, then its current weather in °F with the conditions in words', async () => {
    const { result, server } = await lookupWith(apis());
    expect(result).toEqual({
      kind: 'found',
      value: { place: 'San Francisco', state: 'CA', temperatureF: 61.3, conditions: 'partly cloudy' },
    });
    const call = server.requests[1];
    expect(call?.pathname).toBe('/v1/forecast');
    expect(call?.searchParams.get('latitude')).toBe('37.7725');
    expect(call?.searchParams.get('longitude')).toBe('-122.4112');
    expect(call?.searchParams.get('current')).toBe('temperature_2m,weather_code');
    expect(call?.searchParams.get('temperature_unit')).toBe('fahrenheit');
  });

  it('accepts base URLs with a trailing slash or a path prefix', async () => {
    const server = await serve((req, res, url) =>
      apis()(req, res, new URL(url.pathname.replace(/^\/(geo|wx)/, '') + url.search, url)),
    );
    const lookup = new HttpWeatherLookup({
      geocoderUrl: `${server.url}/geo/`,
      weatherUrl: `${server.url}/wx`,
      timeoutMs,
    });
    expect((await lookup.current('94103')).kind).toBe('found');
    expect(server.requests.map((u) => u.pathname)).toEqual(['/geo/us/94103', '/wx/v1/forecast']);
  });

  it('reports an unknown zip as not found, without asking for the weather', async () => {
    const { result, server } = await lookupWith(apis(), '00000');
    expect(result).toEqual({ kind: 'notFound' });
    expect(server.requests).toHaveLength(1);
  });

  it('reports an empty list of places as not found', async () => {
    const { result } = await lookupWith(apis({ geocoder: (_q, res) => sendJson(res, 200, { places: [] }) }));
    expect(result).toEqual({ kind: 'notFound' });
  });

  it('reports a geocoder answering 500 as unavailable', async () => {
    const { result } = await lookupWith(
      apis({ geocoder: (_q, res) => sendJson(res, 500, { error: 'oops' }) }),
    );
    expect(result).toEqual({ kind: 'unavailable', reason: 'geocoder HTTP 500' });
  });

  it('reports a weather service answering 503 as unavailable', async () => {
    const { result } = await lookupWith(apis({ weather: (_q, res) => sendJson(res, 503, {}) }));
    expect(result).toEqual({ kind: 'unavailable', reason: 'weather HTTP 503' });
  });

  it('reports a weather service refusing the parameters (400) as unavailable, not as an unknown place', async () => {
    const { result } = await lookupWith(
      apis({
        weather: (_q, res) => sendJson(res, 400, { error: true, reason: 'Latitude must be in range' }),
      }),
    );
    expect(result).toEqual({ kind: 'unavailable', reason: 'weather HTTP 400' });
  });

  it('reports invalid JSON from either service as unavailable', async () => {
    const geo = await lookupWith(apis({ geocoder: (_q, res) => broken(res) }));
    expect(geo.result).toEqual({ kind: 'unavailable', reason: 'geocoder invalid JSON (HTTP 200)' });
    const wx = await lookupWith(apis({ weather: (_q, res) => broken(res) }));
    expect(wx.result).toEqual({ kind: 'unavailable', reason: 'weather invalid JSON (HTTP 200)' });
  });

  it('reports JSON of an unexpected shape as unavailable', async () => {
    const geo = await lookupWith(
      apis({ geocoder: (_q, res) => sendJson(res, 200, { places: [{ latitude: 'x' }] }) }),
    );
    expect(geo.result.kind).toBe('unavailable');
    const wx = await lookupWith(
      apis({ weather: (_q, res) => sendJson(res, 200, { current: { time: 'now' } }) }),
    );
    expect(wx.result.kind).toBe('unavailable');
  });

  it('gives up on a geocoder that never answers once the timeout passes', async () => {
    const { result } = await lookupWith(apis({ geocoder: () => undefined }));
    expect(result).toEqual({ kind: 'unavailable', reason: `geocoder timed out after ${timeoutMs} ms` });
  });

  it('gives up on a weather service that sends headers and then stalls the body', async () => {
    const { result } = await lookupWith(
      apis({
        weather: (_q, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"current":');
        },
      }),
    );
    expect(result).toEqual({ kind: 'unavailable', reason: `weather timed out after ${timeoutMs} ms` });
  });

  it('reports a refused connection as unavailable', async () => {
    const url = await refusedUrl();
    const lookup = new HttpWeatherLookup({ geocoderUrl: url, weatherUrl: url, timeoutMs });
    expect(await lookup.current('94103')).toEqual({
      kind: 'unavailable',
      reason: 'geocoder unreachable (ECONNREFUSED)',
    });
  });
});

describe('describeWeatherCode', () => {
  it('turns WMO codes into words and admits unknown ones', () => {
    expect(describeWeatherCode(0)).toBe('clear sky');
    expect(describeWeatherCode(63)).toBe('moderate rain');
    expect(describeWeatherCode(95)).toBe('thunderstorm');
    expect(describeWeatherCode(42)).toBe('unknown conditions');
  });
});
