/**
 * The contract tests' net (test/integration/contract.ts) catches drift: a response or frame the documents do not
 * describe, or a document that no longer describes what the server sends, fails the test that received it.
 */
import { describe, expect, it } from 'vitest';
import { buildAsyncApi } from '../../../infra/api-docs/asyncapi';
import { buildOpenApi } from '../../../infra/api-docs/openapi';
import { exampleMessage } from '../../../lambdas/contract/resources';
import {
  asyncApiMessageChecker,
  ContractViolation,
  httpResponseChecker,
  serverFrameChecker,
} from '../../integration/contract';

const message = { ...exampleMessage };
const page = { messages: [message], next: null };

/** The same document with one field gone from a component schema: what a careless contract change does. */
function withoutField<D extends { components: { schemas: Record<string, object> } }>(
  doc: D,
  schema: string,
  field: string,
): D {
  const copy: D = structuredClone(doc);
  const target = copy.components.schemas[schema];
  if (!target || !('properties' in target) || !('required' in target))
    throw new Error(`no object schema ${schema}`);
  const { properties, required } = target;
  if (typeof properties !== 'object' || properties === null || !Array.isArray(required))
    throw new Error(schema);
  Reflect.deleteProperty(properties, field);
  target.required = required.filter((name) => name !== field);
  return copy;
}

describe('the HTTP net', () => {
  const check = httpResponseChecker();

  it('lets a documented response through, query string and all', () => {
    expect(() => check('GET', '/rooms/lobby/messages?limit=2', 200, page)).not.toThrow();
    expect(() =>
      check('POST', '/rooms/lobby/messages', 429, { error: { code: 'rate_limited', message: 'slow down' } }),
    ).not.toThrow();
  });

  it('rejects a response with a field missing, naming the field', () => {
    const { createdAt: _gone, ...partial } = message;
    expect(() => check('GET', '/rooms/lobby/messages', 200, { messages: [partial], next: null })).toThrow(
      /GET \/rooms\/\{roomId\}\/messages → 200 does not match openapi\.json: \/messages\/0 must have required property 'createdAt'/,
    );
  });

  it('rejects a field the document does not name', () => {
    expect(() =>
      check('GET', '/health', 200, { status: 'ok', version: '1', time: 'now', debug: true }),
    ).toThrow(/must NOT have additional properties \("debug"\)/);
  });

  it('rejects an error code the status does not document', () => {
    expect(() => check('POST', '/sessions', 409, { error: { code: 'room_exists', message: 'x' } })).toThrow(
      /\/error\/code must be equal to one of the allowed values/,
    );
  });

  it('rejects an undocumented status, and a route the document does not have', () => {
    expect(() => check('GET', '/rooms', 404, { error: { code: 'not_found', message: 'x' } })).toThrow(
      /GET \/rooms → 404 is not in openapi\.json \(documented: 200, 400, 401, 429, 500, 503\)/,
    );
    expect(() => check('DELETE', '/rooms', 200, {})).toThrow(ContractViolation);
    expect(() => check('GET', '/rooms/lobby', 200, {})).toThrow(/GET \/rooms\/lobby is not in openapi\.json/);
  });

  it('fails a real response once its field is removed from the schema', () => {
    const trimmed = httpResponseChecker(withoutField(buildOpenApi(), 'ChatMessage', 'createdAt'));
    expect(() => trimmed('GET', '/rooms/lobby/messages', 200, page)).toThrow(
      /additional properties \("createdAt"\)/,
    );
  });
});

describe('the WebSocket net', () => {
  const check = serverFrameChecker();

  it('lets every documented frame through', () => {
    for (const frame of [
      { type: 'message', message },
      { type: 'ack', messageId: message.messageId },
      { type: 'ack', clientMessageId: 'c-1', messageId: message.messageId },
      { type: 'error', code: 'invalid_text', message: 'text must not be empty', clientMessageId: 'c-2' },
      { type: 'presence', roomId: 'lobby', members: ['Ada'], count: 1 },
      { type: 'presenceChange', roomId: 'lobby', joined: ['Ada'], left: [], count: 1 },
      { type: 'typing', roomId: 'lobby', name: 'Ada' },
      { type: 'pong' },
    ]) {
      expect(() => check(frame), frame.type).not.toThrow();
    }
  });

  it('rejects a frame with a field missing or added, and a frame type the document does not have', () => {
    expect(() => check({ type: 'presence', roomId: 'lobby' })).toThrow(
      /serverPresence does not match asyncapi\.json: \(body\) must have required property 'members'/,
    );
    expect(() => check({ type: 'pong', at: 1 })).toThrow(/additional properties \("at"\)/);
    expect(() => check({ type: 'kick', roomId: 'lobby' })).toThrow(
      /frame \{"type":"kick".*is no receive message/,
    );
    expect(() => check('pong')).toThrow(ContractViolation);
  });

  it('does not take a client frame for a server frame', () => {
    expect(() => check({ action: 'ping' })).toThrow(/is no receive message/);
  });

  it('fails a real frame once its field is removed from the schema', () => {
    const trimmed = serverFrameChecker(withoutField(buildAsyncApi(), 'ChatMessage', 'createdAt'));
    expect(() => trimmed({ type: 'message', message })).toThrow(/additional properties \("createdAt"\)/);
  });

  it('rejects a message the document does not have', () => {
    expect(() => asyncApiMessageChecker()('serverKick', {})).toThrow(
      /message serverKick is not in asyncapi\.json/,
    );
  });
});
