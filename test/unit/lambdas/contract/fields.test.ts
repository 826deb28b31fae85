import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  ClientMessageIdSchema,
  GuestNameSchema,
  MessageIdSchema,
  NameSchema,
  RoomIdSchema,
  RoomNameSchema,
  slugify,
  TextSchema,
} from '../../../../lambdas/contract';
import { BOT_NAME, limits } from '../../../../lambdas/contract/limits';
import { parseWith } from '../../../../lambdas/contract/parse';

/** Each character that shows as nothing or reorders text: controls, bidi marks and controls, zero-width ones. */
const invisible = {
  'a tab (control)': '\t',
  'a line feed (control)': '\n',
  'NUL (control)': '\u0000',
  'DEL (control)': '\u007f',
  'a C1 control': '\u0085',
  'LEFT-TO-RIGHT MARK': '\u200e',
  'RIGHT-TO-LEFT MARK': '\u200f',
  'ARABIC LETTER MARK': '\u061c',
  'LEFT-TO-RIGHT EMBEDDING': '\u202a',
  'RIGHT-TO-LEFT OVERRIDE': '\u202e',
  'LEFT-TO-RIGHT ISOLATE': '\u2066',
  'POP DIRECTIONAL ISOLATE': '\u2069',
  'ZERO WIDTH SPACE': '\u200b',
  'ZERO WIDTH NON-JOINER': '\u200c',
  'ZERO WIDTH JOINER': '\u200d',
  'WORD JOINER': '\u2060',
  'ZERO WIDTH NO-BREAK SPACE (BOM)': '\ufeff',
};
const everyInvisible = Object.entries(invisible);

/** The error code a value gets from the schema (parseWith, as the functions call it), or 'ok'. */
function codeOf(schema: v.GenericSchema, value: unknown): string {
  try {
    parseWith(schema, value);
    return 'ok';
  } catch (err) {
    return err instanceof Error && 'code' in err ? String(err.code) : 'not a contract error';
  }
}

const ok = (schema: v.GenericSchema, value: unknown) => v.safeParse(schema, value).success;

describe('NameSchema', () => {
  it('trims, then allows 1 to 32 letters, digits, spaces, "_" and "-"', () => {
    expect(v.parse(NameSchema, '  Ada Lovelace_1-2  ')).toBe('Ada Lovelace_1-2');
    expect(v.parse(NameSchema, ` ${'x'.repeat(limits.name.maxLength)} `)).toHaveLength(32);
    expect(ok(NameSchema, 'x'.repeat(33))).toBe(false);
  });

  it.each(['', '   ', 'Ada!', 'Zoë', 'Ada\nLovelace', 42, null, undefined])('refuses %j', (value) => {
    expect(ok(NameSchema, value)).toBe(false);
  });

  it.each(everyInvisible)('refuses %s inside a name, or at either end, as invalid_name', (_, char) => {
    for (const name of [`Ada${char}Lovelace`, `${char}Ada`, `Ada${char}`, ` Ada ${char} `]) {
      expect(codeOf(NameSchema, name), JSON.stringify(name)).toBe('invalid_name');
      // A guest's name too, and with the name's own code, not the one for the bot's name.
      expect(codeOf(GuestNameSchema, name), JSON.stringify(name)).toBe('invalid_name');
    }
  });

  it("allows the bot's name (it is the sender of the bot's messages)", () => {
    expect(ok(NameSchema, BOT_NAME)).toBe(true);
  });
});

describe('GuestNameSchema', () => {
  it.each(['Pyro', 'pyro', ' PYRO '])("refuses the bot's name in any case (%j)", (value) => {
    expect(ok(GuestNameSchema, value)).toBe(false);
  });

  it('allows names that merely contain it', () => {
    expect(v.parse(GuestNameSchema, 'Pyro2')).toBe('Pyro2');
  });

  it.each(['Pyr0', 'P y r o', 'p_y-r_o', 'PYR0', ' pyr0 ', 'Py ro'])(
    "refuses a look-alike of the bot's name (%j) as name_reserved",
    (value) => {
      expect(codeOf(GuestNameSchema, value)).toBe('name_reserved');
    },
  );

  it('refuses a compatibility form of it (fullwidth) by the name pattern, as invalid_name', () => {
    expect(codeOf(GuestNameSchema, '\uff30\uff59\uff52\uff4f')).toBe('invalid_name');
  });
});

describe('TextSchema', () => {
  it('counts 1 to 2000 characters after trimming', () => {
    expect(v.parse(TextSchema, ` ${'x'.repeat(2000)}\n`)).toHaveLength(2000);
    expect(ok(TextSchema, 'x'.repeat(2001))).toBe(false);
    expect(ok(TextSchema, ' \n\t ')).toBe(false);
  });
});

describe('RoomIdSchema', () => {
  it.each(['lobby', 'a', 'r2d2', 'x'.repeat(40)])('accepts the slug %j', (id) => {
    expect(ok(RoomIdSchema, id)).toBe(true);
  });

  it.each(['', 'Lobby', '-a', 'a-', 'a b', 'x'.repeat(41), 5])('refuses %j', (id) => {
    expect(ok(RoomIdSchema, id)).toBe(false);
  });
});

describe('RoomNameSchema', () => {
  it('trims and collapses white space before counting 1 to 40 characters', () => {
    expect(v.parse(RoomNameSchema, '  Café   Talk  ')).toBe('Café Talk');
    expect(ok(RoomNameSchema, 'b'.repeat(40))).toBe(true);
    expect(ok(RoomNameSchema, 'b'.repeat(41))).toBe(false);
  });

  it.each(everyInvisible)('refuses %s inside a room name, or at either end, as invalid_room', (_, char) => {
    for (const name of [`Book${char}Club`, `${char}Book Club`, `Book Club${char}`, `  Book Club ${char}`]) {
      expect(codeOf(RoomNameSchema, name), JSON.stringify(name)).toBe('invalid_room');
    }
  });

  it('still allows accents, other scripts beside a slug letter, emoji and punctuation', () => {
    for (const name of ['Café Talk', 'Tokyo 日本語', 'Fire 🔥', 'Q&A: v2.0', 'Zoë & Max']) {
      expect(codeOf(RoomNameSchema, name), name).toBe('ok');
    }
  });

  it('needs a letter or digit for the slug', () => {
    expect(ok(RoomNameSchema, '!!!')).toBe(false);
  });

  it('always gives a name whose slug is a valid room id', () => {
    for (const name of ['Café Talk', 'Zoë & Max', '  42  ', `${'q'.repeat(37)}!zz`]) {
      expect(ok(RoomIdSchema, slugify(v.parse(RoomNameSchema, name)))).toBe(true);
    }
  });
});

describe('MessageIdSchema and ClientMessageIdSchema', () => {
  it('accepts time-sortable message ids only', () => {
    expect(ok(MessageIdSchema, '1714557600000-a1b2c3d4e5')).toBe(true);
    expect(ok(MessageIdSchema, 'm1')).toBe(false);
  });

  it('accepts client ids of 1 to 64 characters', () => {
    expect(ok(ClientMessageIdSchema, 'c'.repeat(64))).toBe(true);
    expect(ok(ClientMessageIdSchema, 'c'.repeat(65))).toBe(false);
    expect(ok(ClientMessageIdSchema, '')).toBe(false);
  });
});
