import { InternalServiceError, ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { botSkills, recentHumanMessages } from '../../../../lambdas/bot/skills';
import type { MovieLookup } from '../../../../lambdas/core/bot/ports';
import type { ChatMessage } from '../../../../lambdas/core/types';
import { FakeMovies, fakeDeps } from '../core/bot/fakes';
import { FakeClock, MemoryMessageStore, T0 } from '../core/fakes';

const { movies: _none, ...skills } = fakeDeps();
const found = new FakeMovies({ kind: 'found', value: { title: 'Alien' } });

/** The movie part of botSkills: `lookup` records the key it was given. */
function movieParts(key: () => Promise<string>, keys: (string | undefined)[]) {
  return {
    key,
    lookup(apiKey: string | undefined): MovieLookup | null {
      keys.push(apiKey);
      return apiKey ? found : null;
    },
  };
}

describe('botSkills', () => {
  it('makes the movie lookup with the OMDb key read from its secret', async () => {
    const keys: (string | undefined)[] = [];
    const deps = await botSkills(
      skills,
      movieParts(async () => 'k-1', keys),
    )();
    expect(keys).toEqual(['k-1']);
    expect(deps.movies).toBe(found);
  });

  it('has no movie lookup while the OMDb secret has no value yet, so Pyro says how to configure one', async () => {
    const keys: (string | undefined)[] = [];
    const missing = async () => {
      throw new ResourceNotFoundException({ message: 'no value', $metadata: {} });
    };
    const deps = await botSkills(skills, movieParts(missing, keys))();
    expect(keys).toEqual([undefined]);
    expect(deps.movies).toBeNull();
  });

  it('fails when Secrets Manager fails for another reason, so the event is retried', async () => {
    const down = async () => {
      throw new InternalServiceError({ message: 'down', $metadata: {} });
    };
    await expect(botSkills(skills, movieParts(down, []))()).rejects.toBeInstanceOf(InternalServiceError);
  });
});

describe('recentHumanMessages', () => {
  it('gives the texts of the room’s live messages, leaving out Pyro’s own', async () => {
    const store = new MemoryMessageStore();
    const message = (n: number, sender: string): ChatMessage => ({
      messageId: `${T0 + n}-000000000${n}`,
      roomId: 'lobby',
      sender,
      senderType: sender === 'Pyro' ? 'bot' : 'guest',
      text: `t${n}`,
      createdAt: new Date(T0 + n).toISOString(),
    });
    const live = T0 / 1000 + 3600;
    await store.putMessage(message(1, 'Ada'), live);
    await store.putMessage(message(2, 'Pyro'), live);
    await store.putMessage(message(3, 'Bob'), live);
    await store.putMessage(message(4, 'Ada'), T0 / 1000 - 1);
    await store.putMessage({ ...message(5, 'Ada'), roomId: 'games' }, live);
    expect(await recentHumanMessages(store, new FakeClock())('lobby')).toEqual(['t1', 't3']);
  });
});
