import type { Movie, MovieLookup, MovieResult } from '../core/bot/ports';
import { getJson, joinUrl } from './http-json';

export interface OmdbConfig {
  /** OMDb-compatible API (MOVIE_API_URL), e.g. https://www.omdbapi.com */
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
}

/** Title lookup on OMDb (`/?apikey=…&t=…`). */
export class OmdbMovieLookup implements MovieLookup {
  constructor(private readonly config: OmdbConfig) {}

  async find(title: string): Promise<MovieResult> {
    const query = `?apikey=${encodeURIComponent(this.config.apiKey)}&t=${encodeURIComponent(title)}`;
    const res = await getJson(joinUrl(this.config.baseUrl, `/${query}`), this.config.timeoutMs);
    if (res.kind === 'unavailable') return res;
    const body = (typeof res.body === 'object' && res.body !== null ? res.body : {}) as Record<
      string,
      unknown
    >;
    if (body.Response === 'True') {
      const movie = readMovie(body);
      return movie
        ? { kind: 'found', value: movie }
        : { kind: 'unavailable', reason: 'OMDb sent a movie without a title' };
    }
    // OMDb reports its errors in the body, with 200 or 401: "Movie not found!", "Invalid API key!",
    // "No API key provided.", "Request limit reached!", "Error getting data.".
    const error = typeof body.Error === 'string' ? body.Error : '';
    if (/not found/i.test(error)) return { kind: 'notFound' };
    // The daily limit of a free key also comes as 401; it lifts by itself, so it is "unavailable", not a bad key.
    if (/limit/i.test(error)) return { kind: 'unavailable', reason: `OMDb: ${error}` };
    if (/api key/i.test(error) || res.status === 401) return { kind: 'keyRejected' };
    return { kind: 'unavailable', reason: error ? `OMDb: ${error}` : `OMDb HTTP ${res.status}` };
  }
}

/** What the deployed secret holds until an operator sets a key (infra/spec.ts `movieApiKeyPlaceholder`). */
export const MOVIE_KEY_PLACEHOLDER = 'not-configured';

/** The lookup for a configured key, or null (Pyro then explains how to configure one). */
export function createMovieLookup(config: {
  baseUrl: string;
  apiKey: string | undefined;
  timeoutMs: number;
}): MovieLookup | null {
  const apiKey = config.apiKey?.trim();
  return apiKey && apiKey !== MOVIE_KEY_PLACEHOLDER ? new OmdbMovieLookup({ ...config, apiKey }) : null;
}

function readMovie(body: Record<string, unknown>): Movie | null {
  const title = field(body.Title);
  if (!title) return null;
  return {
    title,
    year: field(body.Year),
    director: field(body.Director),
    writer: field(body.Writer),
    plot: field(body.Plot),
  };
}

/** OMDb writes "N/A" for every missing field. */
function field(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' || trimmed === 'N/A' ? undefined : trimmed;
}
