import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../../../lambdas/core/bot/random';
import { storyOrder, storyReply } from '../../../../../../lambdas/core/bot/skills/story';

function sentencesOf(story: string): string[] {
  return story.match(/[^.!?]+[.!?]/g) ?? [];
}

describe('storyReply', () => {
  it('tells 3 to 6 sentences, under 600 characters, ending at a sentence end', async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const story = await storyReply('lobby', {
        recentMessages: async () => [],
        random: seededRandom(seed),
        storyOrder: 2,
      });
      expect(story.length).toBeLessThanOrEqual(600);
      expect(story).toMatch(/[.!?]$/);
      expect(sentencesOf(story).length).toBeGreaterThanOrEqual(3);
      expect(sentencesOf(story).length).toBeLessThanOrEqual(6);
    }
  });

  it('tells the same story for the same seed', async () => {
    const tell = () =>
      storyReply('lobby', {
        recentMessages: async () => ['The kettle sang.'],
        random: seededRandom(7),
        storyOrder: 2,
      });
    expect(await tell()).toBe(await tell());
  });

  it("learns words from the room's recent messages", async () => {
    const chatter = Array.from({ length: 50 }, () => 'Zorblax the wizard juggled seven glowing turnips.');
    const rooms: string[] = [];
    const story = await storyReply('camp', {
      recentMessages: async (roomId) => {
        rooms.push(roomId);
        return chatter;
      },
      random: seededRandom(3),
      storyOrder: 2,
    });
    expect(rooms).toEqual(['camp']);
    expect(story).toContain('Zorblax');
  });

  it('leaves commands to Pyro out of the story', async () => {
    const commands = Array.from({ length: 50 }, () => 'pyro weather 94103 zzzquux.');
    for (let seed = 1; seed <= 10; seed++) {
      const story = await storyReply('lobby', {
        recentMessages: async () => commands,
        random: seededRandom(seed),
        storyOrder: 2,
      });
      expect(story).not.toContain('zzzquux');
    }
  });

  it('tells a story from its own tales when recent messages cannot be read', async () => {
    const warnings: string[] = [];
    const story = await storyReply('lobby', {
      recentMessages: async () => {
        throw new Error('table unavailable');
      },
      random: seededRandom(5),
      storyOrder: 2,
      warn: (m) => warnings.push(m),
    });
    expect(sentencesOf(story).length).toBeGreaterThanOrEqual(3);
    expect(warnings).toEqual(['recent messages unavailable for story']);
  });
});

describe('storyOrder', () => {
  it('uses the configured order, falls back to 2 when invalid and caps it at 4', () => {
    expect(storyOrder(1)).toBe(1);
    expect(storyOrder(3)).toBe(3);
    expect(storyOrder(Number.NaN)).toBe(2);
    expect(storyOrder(0)).toBe(2);
    expect(storyOrder(2.5)).toBe(2);
    expect(storyOrder(9)).toBe(4);
  });
});
