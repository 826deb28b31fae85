import { describe, expect, it } from 'vitest';
import { movieReply } from '../../../../../../lambdas/core/bot/skills/movie';
import { FakeMovies } from '../fakes';

const alien = {
  title: 'Alien',
  year: '1979',
  director: 'Ridley Scott',
  writer: "Dan O'Bannon",
  plot: 'The crew of a commercial spacecraft encounters a deadly lifeform.',
};

describe('movieReply', () => {
  it('gives the title, year, director and plot', async () => {
    const movies = new FakeMovies({ kind: 'found', value: alien });
    expect(await movieReply('alien', 'Ana', { movies })).toBe(
      'Alien (1979), directed by Ridley Scott. The crew of a commercial spacecraft encounters a deadly lifeform.',
    );
    expect(movies.calls).toEqual(['alien']);
  });

  it('names the writer when there is no director', async () => {
    const movies = new FakeMovies({
      kind: 'found',
      value: { title: 'Sherlock', year: '2010–2017', writer: 'Mark Gatiss' },
    });
    expect(await movieReply('sherlock', 'Ana', { movies })).toBe(
      'Sherlock (2010–2017), written by Mark Gatiss.',
    );
  });

  it('explains how to configure an API key when none is configured', async () => {
    const reply = await movieReply('alien', 'Ana', { movies: null });
    expect(reply).toContain('no OMDb API key is configured');
    expect(reply).toContain('Secrets Manager');
    expect(reply).toContain('OMDB_API_KEY');
  });

  it('asks for a title when none is given', async () => {
    const movies = new FakeMovies({ kind: 'notFound' });
    expect(await movieReply('', 'Ana', { movies })).toContain('`pyro movie The Princess Bride`');
    expect(movies.calls).toEqual([]);
  });

  it('refuses an overly long title without calling the service', async () => {
    const movies = new FakeMovies({ kind: 'notFound' });
    expect(await movieReply('x'.repeat(201), 'Ana', { movies })).toContain('a bit long');
    expect(movies.calls).toEqual([]);
  });

  it('says so when the movie is not found', async () => {
    const movies = new FakeMovies({ kind: 'notFound' });
    expect(await movieReply('Qwertyuiop', 'Ana', { movies })).toBe(
      `I couldn't find a movie called "Qwertyuiop", Ana.`,
    );
  });

  it('says politely that the movie service is not answering when it is down', async () => {
    const warnings: string[] = [];
    const movies = new FakeMovies({ kind: 'unavailable', reason: 'HTTP 503' });
    const reply = await movieReply('alien', 'Ana', { movies, warn: (m) => warnings.push(m) });
    expect(reply).toBe(
      'Sorry Ana, the movie service is not answering right now. Try again in a few minutes.',
    );
    expect(warnings).toEqual(['movie lookup unavailable']);
  });

  it('says the API key needs checking when the service rejects it', async () => {
    const movies = new FakeMovies({ kind: 'keyRejected' });
    expect(await movieReply('alien', 'Ana', { movies })).toContain('check the OMDb key');
  });

  it('still answers politely when the lookup throws', async () => {
    const movies = new FakeMovies({ kind: 'notFound' });
    movies.find = async () => {
      throw new Error('boom');
    };
    expect(await movieReply('alien', 'Ana', { movies })).toContain('not answering right now');
  });
});
