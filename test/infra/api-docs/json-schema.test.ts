import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { namedSchemas, schemaConverter } from '../../../infra/api-docs/json-schema';
import { errorCode } from '../../../lambdas/contract/error-code';

const refBase = '#/components/schemas/';

describe('schemaConverter', () => {
  const IdSchema = v.pipe(
    v.string(),
    v.regex(/^[a-z]+$/),
    errorCode('invalid_room'),
    v.description('An id.'),
  );
  const ThingSchema = v.object({ id: IdSchema, tags: v.array(IdSchema) });

  it('defines each named schema once and refers to it from everywhere else', () => {
    const converter = schemaConverter({ Id: IdSchema, Thing: ThingSchema }, 'draft-2020-12', refBase);
    expect(converter.components.Thing).toEqual({
      type: 'object',
      properties: { id: { $ref: `${refBase}Id` }, tags: { type: 'array', items: { $ref: `${refBase}Id` } } },
      required: ['id', 'tags'],
    });
    expect(converter.convert(v.object({ thing: ThingSchema }))).toEqual({
      type: 'object',
      properties: { thing: { $ref: `${refBase}Thing` } },
      required: ['thing'],
    });
  });

  it("tells the contract's error code as an x- extension, not as an unknown keyword", () => {
    const { components } = schemaConverter({ Id: IdSchema }, 'draft-07', refBase);
    expect(components.Id).toEqual({
      type: 'string',
      pattern: '^[a-z]+$',
      description: 'An id.',
      'x-error-code': 'invalid_room',
    });
  });

  it('keeps trimmed and checked strings strings, with their lengths', () => {
    const Trimmed = v.pipe(
      v.string(),
      v.trim(),
      v.check((s) => s !== 'no'),
      v.maxLength(5),
    );
    expect(schemaConverter({}, 'draft-07', refBase).convert(Trimmed)).toEqual({
      type: 'string',
      maxLength: 5,
    });
  });

  it('says a loose object is open, and leaves a plain one unsaid', () => {
    const converter = schemaConverter({}, 'draft-07', refBase);
    expect(converter.convert(v.looseObject({ ok: v.boolean() }))).toMatchObject({
      additionalProperties: true,
    });
    expect(converter.convert(v.object({ ok: v.boolean() }))).not.toHaveProperty('additionalProperties');
  });

  it('throws on a schema JSON Schema cannot tell, rather than describing less than the contract checks', () => {
    expect(() => schemaConverter({ When: v.date() }, 'draft-07', refBase)).toThrow(
      /"date" schema cannot be converted/,
    );
    expect(() =>
      schemaConverter({}, 'draft-07', refBase).convert(v.pipe(v.string(), v.toUpperCase())),
    ).toThrow(/"to_upper_case" action cannot be converted/);
  });
});

describe('namedSchemas', () => {
  it('names the exports that end in Schema, skips the rest, and keeps the first name of a schema exported twice', () => {
    const MessageSchema = v.object({ text: v.string() });
    const named = namedSchemas(
      { MessageSchema, limits: { max: 1 }, Schema: v.string(), NotASchema: 'x' },
      { MessagePostedSchema: MessageSchema, RoomSchema: v.string() },
    );
    expect(Object.keys(named)).toEqual(['Message', 'Room']);
    expect(named.Message).toBe(MessageSchema);
  });
});
