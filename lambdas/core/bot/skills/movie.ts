import type { Movie, MovieLookup, MovieResult, Warn } from '../ports';

export const MAX_TITLE_LENGTH = 200;

export interface MovieDeps {
  /** null when no OMDb API key is configured. */
  movies: MovieLookup | null;
  warn?: Warn;
}

export async function movieReply(title: string, name: string, deps: MovieDeps): Promise<string> {
  if (!deps.movies) {
    return (
      "I can't look up movies yet: no OMDb API key is configured. An operator can get a free key at " +
      'https://www.omdbapi.com/apikey.aspx and store it in the OMDb API key secret in Secrets Manager ' +
      '(when deployed) or set OMDB_API_KEY (when running locally).'
    );
  }
  if (title === '') return 'Which movie? Try `pyro movie The Princess Bride`.';
  if (title.length > MAX_TITLE_LENGTH) return `That title is a bit long, ${name}. Try a shorter one.`;

  const result = await find(deps.movies, title);
  switch (result.kind) {
    case 'found':
      return describe(result.value);
    case 'notFound':
      return `I couldn't find a movie called "${title}", ${name}.`;
    case 'keyRejected':
      deps.warn?.('movie service rejected the API key', {});
      return `Sorry ${name}, the movie service turned down my API key; an operator needs to check the OMDb key.`;
    case 'unavailable':
      deps.warn?.('movie lookup unavailable', { reason: result.reason });
      return `Sorry ${name}, the movie service is not answering right now. Try again in a few minutes.`;
  }
}

function describe(movie: Movie): string {
  let line = movie.year ? `${movie.title} (${movie.year})` : movie.title;
  if (movie.director) line += `, directed by ${movie.director}`;
  else if (movie.writer) line += `, written by ${movie.writer}`;
  line += '.';
  return movie.plot ? `${line} ${movie.plot}` : line;
}

async function find(movies: MovieLookup, title: string): Promise<MovieResult> {
  try {
    return await movies.find(title);
  } catch (err) {
    return { kind: 'unavailable', reason: err instanceof Error ? err.message : String(err) };
  }
}
