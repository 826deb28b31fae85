import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asyncApiRefBase, buildAsyncApi, frameMessageKey } from '../../../infra/api-docs/asyncapi';
import { apiDocumentFiles, writeApiDocs } from '../../../infra/api-docs/write-docs';
import { webSocketRoutes } from '../../../infra/spec';
import { detailTypes } from '../../../lambdas/contract/events';
import { asyncApiMessageChecker } from '../../integration/contract';

const doc = buildAsyncApi();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chatty-api-docs-'));
  await writeApiDocs(dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `{ action, channel, message name }` of every operation, read through the document's references. */
function operations(d: typeof doc) {
  return Object.entries(d.operations).flatMap(([id, op]) =>
    op.messages.map((ref) => {
      const key = ref.$ref.split('/').pop() ?? '';
      return { id, action: op.action, channel: op.channel.$ref, key, name: d.components.messages[key]?.name };
    }),
  );
}

describe('asyncapi.json', () => {
  it('is a valid AsyncAPI 3.0 document by @asyncapi/parser, with no errors or warnings', async () => {
    const text = await readFile(join(dir, apiDocumentFiles.asyncapi), 'utf8');
    const { document, diagnostics } = await new Parser().parse(text);
    const problems = diagnostics
      .filter((d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning)
      .map((d) => `${d.path.join('.')}: ${d.message}`);
    expect(problems).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    // Every reference resolves: the parsed document reaches each message's payload.
    expect(document?.messages().all().length).toBe(Object.keys(doc.components.messages).length);
  });

  it('has a send operation for every client route of infra/spec.ts, and no other', () => {
    const clientRoutes = webSocketRoutes.map((r) => r.routeKey).filter((key) => !key.startsWith('$'));
    const sent = operations(doc).filter((o) => o.action === 'send');
    expect(sent.every((o) => o.channel === '#/channels/chat')).toBe(true);
    expect(sent.map((o) => o.name).sort()).toEqual([...clientRoutes].sort());
  });

  it('tells $connect as the chat channel query: a required token and an optional room', () => {
    expect(webSocketRoutes.map((r) => r.routeKey)).toContain('$connect');
    const query = doc.channels.chat.bindings?.ws.query;
    const ref = query?.$ref ?? '';
    expect(ref.startsWith(asyncApiRefBase)).toBe(true);
    const schema = doc.components.schemas[ref.slice(asyncApiRefBase.length)];
    expect(schema).toMatchObject({ type: 'object', required: ['token'] });
    expect(Object.keys(schema?.properties ?? {})).toEqual(['token', 'roomId']);
  });

  it('has a receive operation for every server frame', () => {
    const received = operations(doc).filter((o) => o.action === 'receive' && o.channel === '#/channels/chat');
    expect(received.map((o) => o.name).sort()).toEqual([
      'ack',
      'error',
      'message',
      'messageDeleted',
      'messageUpdated',
      'pong',
      'presence',
      'presenceChange',
      'removed',
      'typing',
    ]);
    expect(received.map((o) => o.key)).toContain(frameMessageKey({ name: 'typing', direction: 'receive' }));
  });

  it('says who sent each message frame and MessagePosted: a required senderType, user, guest or bot', () => {
    const schemas = doc.components.schemas as Record<string, Record<string, unknown>>;
    expect(schemas.SenderType).toMatchObject({ enum: ['user', 'guest', 'bot'] });
    expect(schemas.ChatMessage).toMatchObject({ required: expect.arrayContaining(['senderType']) });
    expect(doc.components.messages.MessagePosted?.payload).toMatchObject({
      properties: { detail: { $ref: '#/components/schemas/MessagePostedDetail' } },
    });
    // The message with its room's visibility, so consumers keep a private room's words in it (issue 16).
    expect(schemas.MessagePostedDetail).toMatchObject({
      required: expect.arrayContaining(['senderType']),
      properties: { visibility: { $ref: '#/components/schemas/Visibility' } },
    });
  });

  it('has one message per detail type on the bus channel, in its EventBridge envelope', () => {
    const events = operations(doc).filter((o) => o.channel === '#/channels/events');
    expect(events.map((o) => o.name).sort()).toEqual(Object.values(detailTypes).sort());
    expect(events.every((o) => o.action === 'receive')).toBe(true);
    for (const detailType of Object.values(detailTypes)) {
      expect(doc.components.messages[detailType]?.payload).toMatchObject({
        required: [
          'version',
          'id',
          'detail-type',
          'source',
          'account',
          'time',
          'region',
          'resources',
          'detail',
        ],
        properties: { 'detail-type': { const: detailType }, source: { const: 'chatty' } },
      });
    }
  });

  it('serves the chat channel on a WebSocket server and the events on the bus', () => {
    expect(doc.servers.local).toMatchObject({ protocol: 'ws', host: '127.0.0.1:{port}' });
    expect(doc.servers.aws).toMatchObject({ protocol: 'wss', pathname: '/live' });
    expect(doc.channels.chat.servers).toEqual([{ $ref: '#/servers/local' }, { $ref: '#/servers/aws' }]);
    expect(doc.channels.events.servers).toEqual([
      { $ref: '#/servers/localBus' },
      { $ref: '#/servers/eventBridge' },
    ]);
  });

  it('has examples, and every example matches its message', () => {
    const check = asyncApiMessageChecker(doc);
    for (const [key, message] of Object.entries(doc.components.messages)) {
      expect(message.examples.length, key).toBeGreaterThan(0);
      for (const example of message.examples) expect(() => check(key, example.payload), key).not.toThrow();
    }
  });
});
