import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One loopback server playing the zip geocoder, the weather API and OMDb, so the bot's real HTTP client code
 * runs in tests without the internet. `mode` switches it between healthy and failing.
 */
export interface FakeServices {
  url: string;
  mode: 'ok' | 'down';
  requests: string[];
  close(): Promise<void>;
}

export async function startFakeServices(): Promise<FakeServices> {
  const fake: FakeServices = { url: '', mode: 'ok', requests: [], close: async () => undefined };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    fake.requests.push(url.pathname + url.search);
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (fake.mode === 'down') return json(503, { error: 'down for maintenance' });
    if (url.pathname === '/us/94103') {
      return json(200, {
        'post code': '94103',
        places: [
          {
            'place name': 'San Francisco',
            'state abbreviation': 'CA',
            latitude: '37.77',
            longitude: '-122.41',
          },
        ],
      });
    }
    if (url.pathname.startsWith('/us/')) return json(404, {});
    if (url.pathname === '/v1/forecast')
      return json(200, { current: { temperature_2m: 59.0, weather_code: 2 } });
    if (url.pathname === '/' && url.searchParams.has('t')) {
      return url.searchParams.get('t')?.toLowerCase() === 'alien'
        ? json(200, {
            Response: 'True',
            Title: 'Alien',
            Year: '1979',
            Director: 'Ridley Scott',
            Plot: 'In space, no one can hear you scream.',
          })
        : json(200, { Response: 'False', Error: 'Movie not found!' });
    }
    return json(404, {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
