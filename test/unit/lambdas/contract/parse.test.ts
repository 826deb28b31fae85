import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  ClientFrameSchema,
  ContractError,
  CreateRoomBodySchema,
  CreateSessionBodySchema,
  ListMessagesQuerySchema,
  PostMessageBodySchema,
  parseWith,
} from '../../../../lambdas/contract';

function failure(schema: v.GenericSchema, value: unknown): ContractError {
  try {
    parseWith(schema, value);
  } catch (err) {
    if (err instanceof ContractError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(value)} to fail`);
}

describe('parseWith', () => {
  it('returns the typed, trimmed value', () => {
    const body: { name: string } = parseWith(CreateSessionBodySchema, { name: '  Ada ', extra: 1 });
    expect(body).toEqual({ name: 'Ada' });
  });

  it("names the failed field's error code and keeps the issues", () => {
    const err = failure(CreateSessionBodySchema, { name: 'Ada!' });
    expect(err.code).toBe('invalid_name');
    expect(err.message).toMatch(/^name must be/);
    expect(err.issues.length).toBeGreaterThan(0);
  });

  it('uses the check code of a field for its custom check', () => {
    expect(failure(CreateSessionBodySchema, { name: 'pyro' })).toMatchObject({
      code: 'name_reserved',
      message: 'The name "Pyro" belongs to the bot',
    });
    expect(failure(CreateRoomBodySchema, { name: '!!!' }).code).toBe('invalid_room');
  });

  it('reports a missing field with its own message', () => {
    expect(failure(PostMessageBodySchema, {})).toMatchObject({
      code: 'invalid_text',
      message: 'text must be a string',
    });
  });

  it('says how long a too-long text was', () => {
    expect(failure(PostMessageBodySchema, { text: 'x'.repeat(2001) }).message).toMatch(/2001/);
  });

  it('names the field in messages valibot writes itself', () => {
    const err = failure(v.object({ nested: v.object({ n: v.number() }) }), { nested: { n: 'x' } });
    expect(err.code).toBe('invalid_request');
    expect(err.message).toMatch(/^nested\.n: /);
  });

  it('walks into the frame a variant picked', () => {
    expect(failure(ClientFrameSchema, { action: 'sendMessage', roomId: 'lobby', text: ' ' }).code).toBe(
      'invalid_text',
    );
    expect(failure(ClientFrameSchema, { action: 'joinRoom', roomId: 'Not A Slug' }).code).toBe(
      'invalid_room',
    );
    expect(
      failure(ClientFrameSchema, { action: 'sendMessage', roomId: 'lobby', text: 'hi', clientMessageId: '' })
        .code,
    ).toBe('invalid_request');
  });

  it('answers unknown_action for a frame without a known action', () => {
    expect(failure(ClientFrameSchema, { action: 'dance' }).code).toBe('unknown_action');
    expect(failure(ClientFrameSchema, { text: 'hi' })).toMatchObject({
      code: 'unknown_action',
      message: expect.stringMatching(/sendMessage, joinRoom, typing, ping/),
    });
  });

  it('gives cursors and the page limit their codes, and treats empty values as absent', () => {
    expect(failure(ListMessagesQuerySchema, { limit: '0' }).code).toBe('invalid_request');
    expect(failure(ListMessagesQuerySchema, { limit: '101' }).code).toBe('invalid_request');
    expect(failure(ListMessagesQuerySchema, { limit: '2.5' }).code).toBe('invalid_request');
    expect(failure(ListMessagesQuerySchema, { before: 'nope' }).code).toBe('invalid_cursor');
    expect(
      parseWith(ListMessagesQuerySchema, { limit: '', before: '', after: '1714557600000-a1b2c3d4e5' }),
    ).toEqual({
      limit: '',
      before: '',
      after: '1714557600000-a1b2c3d4e5',
    });
  });
});
