import { describe, expect, it } from 'vitest';
import { checkText, nameProblem } from '../../web/validate';

describe('nameProblem', () => {
  it('accepts letters, digits, spaces, underscores and hyphens up to 32 characters', () => {
    expect(nameProblem('Ada Lovelace')).toBeNull();
    expect(nameProblem('dev_ops-42')).toBeNull();
    expect(nameProblem('x'.repeat(32))).toBeNull();
  });

  it('ignores surrounding spaces', () => {
    expect(nameProblem('  Ada  ')).toBeNull();
  });

  it('rejects empty, too long and punctuated names with a readable reason', () => {
    expect(nameProblem('   ')).toMatch(/pick a name/i);
    expect(nameProblem('x'.repeat(33))).toMatch(/32/);
    expect(nameProblem('ada!')).toMatch(/letters, digits/);
    expect(nameProblem('<script>')).toMatch(/letters, digits/);
    expect(nameProblem('Zoë')).toMatch(/letters, digits/);
  });

  it("refuses the bot's name in any case, but not names that contain it", () => {
    expect(nameProblem(' pyro ')).toMatch(/bot's name/);
    expect(nameProblem('PYRO')).toMatch(/bot's name/);
    expect(nameProblem('Pyro2')).toBeNull();
  });
});

describe('checkText', () => {
  it('counts characters after trimming', () => {
    expect(checkText('  hi \n')).toEqual({ text: 'hi', length: 2, ok: true, tooLong: false });
  });

  it('refuses whitespace-only text', () => {
    expect(checkText(' \n\t ').ok).toBe(false);
  });

  it('allows exactly 2000 characters and refuses 2001', () => {
    expect(checkText('a'.repeat(2000)).ok).toBe(true);
    expect(checkText(` ${'a'.repeat(2000)} `).ok).toBe(true);
    expect(checkText('a'.repeat(2001))).toMatchObject({ ok: false, tooLong: true, length: 2001 });
  });
});
