import { describe, expect, it } from 'vitest';
import { deployOptions } from '../../../infra/aws/context';

const options = (context: Record<string, string>) => deployOptions((key) => context[key]);

describe('-c budgetUsd', () => {
  it('is off unless given, and reads dollars with up to two decimals', () => {
    expect(options({}).budgetUsd).toBeUndefined();
    expect(options({ budgetUsd: '' }).budgetUsd).toBeUndefined();
    expect(options({ budgetUsd: '50' }).budgetUsd).toBe(50);
    expect(options({ budgetUsd: '12.50' }).budgetUsd).toBe(12.5);
  });

  it('refuses what is not a positive amount of dollars', () => {
    for (const bad of ['0', '-5', 'fifty', '1e3', '10.005', '$20']) {
      expect(() => options({ budgetUsd: bad })).toThrow(/budgetUsd=.*US dollars/);
    }
  });
});

describe('-c admins', () => {
  it('is unset unless given (the spec’s default then), and reads usernames separated by commas', () => {
    expect(options({}).admins).toBeUndefined();
    expect(options({ admins: 'ada, grace_1' }).admins).toBe('ada,grace_1');
  });

  it('refuses what is not a list of usernames', () => {
    for (const bad of ['ada,,grace', 'ada;grace', 'a d a', `${'x'.repeat(33)}`]) {
      expect(() => options({ admins: bad })).toThrow(/admins=.*usernames/);
    }
  });
});

describe('-c reservedConcurrency', () => {
  it('is the spec’s by default, off, or one number for every function', () => {
    expect(options({}).reservedConcurrency).toBe('spec');
    expect(options({ reservedConcurrency: 'spec' }).reservedConcurrency).toBe('spec');
    expect(options({ reservedConcurrency: 'off' }).reservedConcurrency).toBe('off');
    expect(options({ reservedConcurrency: '5' }).reservedConcurrency).toBe(5);
  });

  it('refuses anything else, zero included (it would stop every function)', () => {
    for (const bad of ['0', '-1', 'none', '2.5', '10000', 'true']) {
      expect(() => options({ reservedConcurrency: bad })).toThrow(/reservedConcurrency=.*off/);
    }
  });
});
