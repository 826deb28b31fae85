import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storyCorpus } from '../../../../../lambdas/core/bot/corpus';

describe('storyCorpus', () => {
  it('holds a few dozen whole sentences without quotes', () => {
    expect(storyCorpus.length).toBeGreaterThanOrEqual(36);
    for (const sentence of storyCorpus) {
      expect(sentence).toMatch(/^[A-Z].*[.!?]$/);
      expect(sentence).not.toMatch(/["“”]/);
    }
  });
});

describe('the bot core', () => {
  it('imports neither the AWS SDK, aws-lambda types, nor infra', () => {
    const root = join(import.meta.dirname, '../../../../../lambdas/core/bot');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const source = readFileSync(join(root, file), 'utf8');
      expect(source, file).not.toMatch(/from '(@aws-sdk|aws-lambda|@smithy)|\/infra\//);
    }
  });
});
