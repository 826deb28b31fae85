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
