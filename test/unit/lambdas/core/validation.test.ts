import { describe, expect, it } from 'vitest';
import { ChatError, type ErrorCode } from '../../../../lambdas/core/errors';
import {
  MAX_TEXT_LENGTH,
  parseJsonObject,
  slugify,
  validateClientMessageId,
  validateName,
  validateRoomId,
  validateRoomName,
  validateText,
} from '../../../../lambdas/core/validation';

function codeOf(fn: () => unknown): ErrorCode | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof ChatError) return err.code;
    throw err;
  }
  return undefined;
}

describe('parseJsonObject', () => {
  it('returns the object in a JSON body', () => {
    expect(parseJsonObject('{"name":"Ada"}')).toEqual({ name: 'Ada' });
  });

  it.each([undefined, null, '', 'not json', '{"a":', '[1,2]', '"text"', '42', 'null'])(
    'rejects %j as invalid_json',
    (body) => {
      expect(codeOf(() => parseJsonObject(body))).toBe('invalid_json');
    },
  );
});

describe('validateName', () => {
  it('accepts names of 1 to 32 letters, digits, spaces, "_" and "-" and trims them', () => {
    expect(validateName('A')).toBe('A');
    expect(validateName('x'.repeat(32))).toBe('x'.repeat(32));
    expect(validateName('  Ada Lovelace_1-2  ')).toBe('Ada Lovelace_1-2');
  });

  it('counts the length after trimming', () => {
    expect(validateName(`  ${'x'.repeat(32)}  `)).toBe('x'.repeat(32));
    expect(codeOf(() => validateName('x'.repeat(33)))).toBe('invalid_name');
  });

  it.each(['', '   ', 'Ada!', 'Ada\nLovelace', 'Zoë', '<script>', 42, null, undefined, { name: 'Ada' }])(
    'rejects %j as invalid_name',
    (value) => {
      expect(codeOf(() => validateName(value))).toBe('invalid_name');
    },
  );

  it.each(['Pyro', 'pyro', 'PYRO', 'pYrO', '  Pyro  '])('reserves the bot name in any case (%j)', (value) => {
    expect(codeOf(() => validateName(value))).toBe('name_reserved');
  });

  it('allows names that merely contain the bot name', () => {
    expect(validateName('Pyro2')).toBe('Pyro2');
  });
});

describe('validateText', () => {
  it('trims the text and accepts up to 2000 characters', () => {
    expect(validateText('  hi  ')).toBe('hi');
    expect(validateText('x'.repeat(MAX_TEXT_LENGTH))).toHaveLength(2000);
  });

  it('measures the 2000 characters after trimming', () => {
    expect(validateText(`   ${'x'.repeat(2000)}\n\t `)).toHaveLength(2000);
    expect(codeOf(() => validateText('x'.repeat(2001)))).toBe('invalid_text');
  });

  it.each(['', '   ', '\n\t', 7, null, undefined, ['hi']])('rejects %j as invalid_text', (value) => {
    expect(codeOf(() => validateText(value))).toBe('invalid_text');
  });

  it('says how long a too-long text was', () => {
    expect(() => validateText('x'.repeat(2001))).toThrow(/2001/);
  });
});

describe('validateRoomId', () => {
  it.each(['lobby', 'a', 'general-chat', 'r2d2', 'x'.repeat(40)])('accepts the slug %j', (id) => {
    expect(validateRoomId(id)).toBe(id);
  });

  it.each(['', 'Lobby', '-lobby', 'lobby-', 'a b', 'a_b', 'x'.repeat(41), '../etc', 5, undefined])(
    'rejects %j as invalid_room',
    (id) => {
      expect(codeOf(() => validateRoomId(id))).toBe('invalid_room');
    },
  );
});

describe('validateRoomName', () => {
  it('trims and collapses white space', () => {
    expect(validateRoomName('  Café   Talk  ')).toBe('Café Talk');
  });

  it('accepts 1 to 40 characters', () => {
    expect(validateRoomName('a')).toBe('a');
    expect(validateRoomName('b'.repeat(40))).toBe('b'.repeat(40));
    expect(codeOf(() => validateRoomName('b'.repeat(41)))).toBe('invalid_room');
  });

  it.each(['', '   ', '!!!', '—', 12, null])('rejects %j as invalid_room', (value) => {
    expect(codeOf(() => validateRoomName(value))).toBe('invalid_room');
  });
});

describe('slugify', () => {
  it.each([
    ['Café Talk!', 'cafe-talk'],
    ['  Hello   World  ', 'hello-world'],
    ['Über---Straße', 'uber-stra-e'],
    ['---', ''],
    ['R2-D2 fans', 'r2-d2-fans'],
  ])('turns %j into %j', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it('keeps slugs to 40 characters without a trailing dash', () => {
    const slug = slugify(`${'a'.repeat(39)} b`);
    expect(slug).toBe('a'.repeat(39));
    expect(validateRoomId(slugify('x'.repeat(60)))).toHaveLength(40);
  });

  it('makes a valid room id of every valid room name', () => {
    for (const name of ['Café Talk', 'Zoë & Max', '  42  ', 'a-b-c', `${'q'.repeat(37)}!zz`]) {
      expect(validateRoomId(slugify(validateRoomName(name)))).toBe(slugify(name));
    }
  });
});

describe('validateClientMessageId', () => {
  it('is optional', () => {
    expect(validateClientMessageId(undefined)).toBeUndefined();
    expect(validateClientMessageId(null)).toBeUndefined();
  });

  it('accepts strings of 1 to 64 characters', () => {
    expect(validateClientMessageId('c-1')).toBe('c-1');
    expect(validateClientMessageId('c'.repeat(64))).toBe('c'.repeat(64));
  });

  it.each(['', 'c'.repeat(65), 7, {}])('rejects %j as invalid_request', (value) => {
    expect(codeOf(() => validateClientMessageId(value))).toBe('invalid_request');
  });
});
