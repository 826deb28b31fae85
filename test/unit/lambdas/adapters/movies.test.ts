import { afterEach, describe, expect, it } from 'vitest';
import { createMovieLookup, OmdbMovieLookup } from '../../../../lambdas/adapters/movies';
import { type FakeServer, type Route, refusedUrl, sendJson, startFakeServer } from './fake-http-server';

const timeoutMs = 200;

const alien = {
  Title: 'Alien',
  Year: '1979',
  Rated: 'R',
  Director: 'Ridley Scott',
  Writer: "Dan O'Bannon, Ronald Shusett",
  Plot: 'The crew of a commercial spacecraft encounters a deadly lifeform.',
  Response: 'True',
};

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function findWith(route: Route, title = 'Alien', apiKey = 'k3y') {
  const server = await startFakeServer(route);
  servers.push(server);
  const result = await new OmdbMovieLookup({ baseUrl: server.url, apiKey, timeoutMs }).find(title);
  return { result, server };
}

describe('OmdbMovieLookup', () => {
  it('finds a movie by title, sending the API key and the title', async () => {
    const { result, server } = await findWith(
      (_q, res) => sendJson(res, 200, alien),
      'Alien & friends',
      'k3y+/',
    );
    expect(result).toEqual({
      kind: 'found',
      value: {
        title: 'Alien',
        year: '1979',
        director: 'Ridley Scott',
        writer: "Dan O'Bannon, Ronald Shusett",
        plot: 'The crew of a commercial spacecraft encounters a deadly lifeform.',
      },
    });
    expect(server.requests[0]?.pathname).toBe('/');
    expect(server.requests[0]?.searchParams.get('apikey')).toBe('k3y+/');
    expect(server.requests[0]?.searchParams.get('t')).toBe('Alien & friends');
  });

  it('leaves out the fields OMDb marks N/A', async () => {
    const { result } = await findWith((_q, res) =>
      sendJson(res, 200, { ...alien, Director: 'N/A', Plot: 'N/A', Writer: 'Someone' }),
    );
    expect(result).toEqual({ kind: 'found', value: { title: 'Alien', year: '1979', writer: 'Someone' } });
  });

  it('reports "Movie not found!" as not found', async () => {
    const { result } = await findWith((_q, res) =>
      sendJson(res, 200, { Response: 'False', Error: 'Movie not found!' }),
    );
    expect(result).toEqual({ kind: 'notFound' });
  });

  it('reports an invalid API key, with 401 or 200, as a rejected key', async () => {
    const invalid = { Response: 'False', Error: 'Invalid API key!' };
    expect((await findWith((_q, res) => sendJson(res, 401, invalid))).result).toEqual({
      kind: 'keyRejected',
    });
    expect((await findWith((_q, res) => sendJson(res, 200, invalid))).result).toEqual({
      kind: 'keyRejected',
    });
  });

  it('reports a reached request limit as unavailable', async () => {
    const { result } = await findWith((_q, res) =>
      sendJson(res, 401, { Response: 'False', Error: 'Request limit reached!' }),
    );
    expect(result).toEqual({ kind: 'unavailable', reason: 'OMDb: Request limit reached!' });
  });

  it('reports a 500 as unavailable', async () => {
    const { result } = await findWith((_q, res) => sendJson(res, 500, { Response: 'False', Error: 'boom' }));
    expect(result).toEqual({ kind: 'unavailable', reason: 'HTTP 500' });
  });

  it('reports invalid JSON as unavailable', async () => {
    const { result } = await findWith((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>maintenance</html>');
    });
    expect(result).toEqual({ kind: 'unavailable', reason: 'invalid JSON (HTTP 200)' });
  });

  it('gives up on a service that never answers once the timeout passes', async () => {
    const { result } = await findWith(() => undefined);
    expect(result).toEqual({ kind: 'unavailable', reason: `timed out after ${timeoutMs} ms` });
  });

  it('reports a refused connection as unavailable, without the API key in the reason', async () => {
    const lookup = new OmdbMovieLookup({ baseUrl: await refusedUrl(), apiKey: 'secret-key', timeoutMs });
    const result = await lookup.find('Alien');
    expect(result).toEqual({ kind: 'unavailable', reason: 'unreachable (ECONNREFUSED)' });
  });
});

describe('createMovieLookup', () => {
  it('makes no lookup when no key is configured', () => {
    expect(createMovieLookup({ baseUrl: 'http://127.0.0.1:1', apiKey: undefined, timeoutMs })).toBeNull();
    expect(createMovieLookup({ baseUrl: 'http://127.0.0.1:1', apiKey: '  ', timeoutMs })).toBeNull();
    // The deployed secret's value until an operator sets a key.
    expect(
      createMovieLookup({ baseUrl: 'http://127.0.0.1:1', apiKey: 'not-configured', timeoutMs }),
    ).toBeNull();
    expect(createMovieLookup({ baseUrl: 'http://127.0.0.1:1', apiKey: 'k', timeoutMs })).toBeInstanceOf(
      OmdbMovieLookup,
    );
  });
});
