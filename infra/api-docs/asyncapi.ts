/**
 * The AsyncAPI 3.0 document of the WebSocket API and the bus events, generated from the contract's
 * `webSocketOperations` and `busEvents`. Served as `/asyncapi.json`.
 *
 * Operations are told from a client's side: a page `send`s client frames and `receive`s server frames; a bus
 * subscriber (Pyro is one) `receive`s the events.
 */
import type { JsonSchema } from '@valibot/to-json-schema';
import * as access from '../../lambdas/contract/access';
import * as events from '../../lambdas/contract/events';
import { EVENT_SOURCE } from '../../lambdas/contract/events';
import * as fields from '../../lambdas/contract/fields';
import * as resources from '../../lambdas/contract/resources';
import type { WebSocketOperation } from '../../lambdas/contract/websocket';
import * as websocket from '../../lambdas/contract/websocket';
import { webSocketStage } from '../spec';
import { appVersion } from './app-version';
import { namedSchemas, schemaConverter } from './json-schema';

interface Ref {
  $ref: string;
}

interface AsyncApiMessage {
  name: string;
  title: string;
  summary: string;
  contentType: 'application/json';
  payload: JsonSchema;
  examples: { name: string; payload: unknown }[];
}

interface Server {
  host: string;
  pathname?: string;
  protocol: string;
  description: string;
  variables: Record<string, { default: string; description: string }>;
}

interface Channel {
  address: string | null;
  title: string;
  description: string;
  servers: Ref[];
  messages: Record<string, Ref>;
  bindings?: { ws: { query: JsonSchema; bindingVersion: '0.1.0' } };
}

interface Operation {
  action: 'send' | 'receive';
  channel: Ref;
  summary: string;
  messages: Ref[];
}

export interface AsyncApiDocument {
  asyncapi: '3.0.0';
  info: { title: string; version: string; description: string; license: { name: string } };
  defaultContentType: 'application/json';
  servers: Record<string, Server>;
  channels: { chat: Channel; events: Channel };
  operations: Record<string, Operation>;
  components: { schemas: Record<string, JsonSchema>; messages: Record<string, AsyncApiMessage> };
}

export const asyncApiRefBase = '#/components/schemas/';

/** A frame's message key: `clientTyping` (the `typing` action) and `serverTyping` (the `typing` notice). */
export function frameMessageKey(op: Pick<WebSocketOperation, 'name' | 'direction'>): string {
  const side = op.direction === 'send' ? 'client' : 'server';
  return `${side}${op.name.charAt(0).toUpperCase()}${op.name.slice(1)}`;
}

export function buildAsyncApi(): AsyncApiDocument {
  const schemas = schemaConverter(
    namedSchemas(fields, resources, access, websocket, events),
    'draft-07',
    asyncApiRefBase,
  );
  const messages: Record<string, AsyncApiMessage> = {};
  const operations: Record<string, Operation> = {};
  const chatMessages: Record<string, Ref> = {};
  const eventMessages: Record<string, Ref> = {};

  for (const op of websocket.webSocketOperations) {
    const key = frameMessageKey(op);
    if (key in messages) throw new Error(`infra/api-docs: two ${op.direction} frames named ${op.name}`);
    messages[key] = {
      name: op.name,
      title: `${op.direction === 'send' ? 'Client' : 'Server'} frame \`${op.name}\``,
      summary: op.summary,
      contentType: 'application/json',
      payload: schemas.convert(op.schema),
      examples: op.examples.map((payload, i) => ({ name: `${key}${i + 1}`, payload })),
    };
    chatMessages[key] = { $ref: `#/components/messages/${key}` };
    operations[key] = {
      action: op.direction,
      channel: { $ref: '#/channels/chat' },
      summary: op.summary,
      messages: [{ $ref: `#/channels/chat/messages/${key}` }],
    };
  }

  for (const event of events.busEvents) {
    const key = event.detailType;
    messages[key] = {
      name: key,
      title: `Event \`${key}\``,
      summary: event.summary,
      contentType: 'application/json',
      payload: envelopeSchema(key, schemas.convert(event.schema)),
      examples: event.examples.map((detail, i) => ({
        name: `${key}${i + 1}`,
        payload: exampleEnvelope(key, detail),
      })),
    };
    eventMessages[key] = { $ref: `#/components/messages/${key}` };
    operations[`on${key}`] = {
      action: 'receive',
      channel: { $ref: '#/channels/events' },
      summary: event.summary,
      messages: [{ $ref: `#/channels/events/messages/${key}` }],
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Chatty WebSocket API and events',
      version: appVersion,
      description: [
        "The live side of Chatty. Connect to the WebSocket API (`webSocketUrl` in the site's `/config.json`) with `?token=…&roomId=…`, send frames routed on `action`, receive frames that carry a `type`.",
        `The events go on the stack's EventBridge bus with source \`${EVENT_SOURCE}\`, each in EventBridge's envelope.`,
        "Operations are told from a client's side: a page sends client frames and receives server frames; a bus subscriber receives the events. The HTTP API is in `/openapi.json`.",
      ].join(' '),
      license: { name: 'MIT' },
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:{port}',
        protocol: 'ws',
        description: 'The local cloud (`npm start`).',
        variables: { port: { default: '8082', description: 'CHATTY_PORT + 2.' } },
      },
      aws: {
        host: '{apiId}.execute-api.{region}.amazonaws.com',
        pathname: `/${webSocketStage}`,
        protocol: 'wss',
        description: 'A deployed stack (its `WebSocketUrl` output).',
        variables: {
          apiId: { default: 'abcdef1234', description: "The WebSocket API's id." },
          region: { default: 'us-east-1', description: "The stack's region." },
        },
      },
      localBus: {
        host: '127.0.0.1:{port}',
        protocol: 'http',
        description: "The local cloud's EventBridge stand-in (signed PutEvents calls only).",
        variables: { port: { default: '8084', description: 'CHATTY_PORT + 4.' } },
      },
      eventBridge: {
        host: 'events.{region}.amazonaws.com',
        protocol: 'https',
        description: "Amazon EventBridge: the stack's own bus (not the default bus).",
        variables: { region: { default: 'us-east-1', description: "The stack's region." } },
      },
    },
    channels: {
      chat: {
        address: '/',
        title: 'Chat socket',
        description:
          'One socket per page, in one room at a time. API Gateway drops a socket after 2 hours or 10 idle minutes; frames are at most 32 KB.',
        servers: [{ $ref: '#/servers/local' }, { $ref: '#/servers/aws' }],
        messages: chatMessages,
        bindings: { ws: { query: schemas.convert(websocket.ConnectQuerySchema), bindingVersion: '0.1.0' } },
      },
      events: {
        // The bus's name is generated per stack; the events are told apart by `source` and `detail-type`.
        address: null,
        title: 'Chat events',
        description: `Events with source \`${EVENT_SOURCE}\` on the stack's bus; a rule picks them by \`detail-type\`.`,
        servers: [{ $ref: '#/servers/localBus' }, { $ref: '#/servers/eventBridge' }],
        messages: eventMessages,
      },
    },
    operations,
    components: { schemas: schemas.components, messages },
  };
}

/** EventBridge's envelope (lambdas/contract/events.ts `EventEnvelope`) around one detail type's detail. */
function envelopeSchema(detailType: string, detail: JsonSchema): JsonSchema {
  const text = { type: 'string' } as const;
  return {
    type: 'object',
    description: "EventBridge's envelope; `detail` is Chatty's.",
    properties: {
      version: { const: '0' },
      id: text,
      'detail-type': { const: detailType },
      source: { const: EVENT_SOURCE },
      account: text,
      time: { type: 'string', format: 'date-time' },
      region: text,
      resources: { type: 'array', items: text },
      detail,
    },
    required: ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail'],
  };
}

function exampleEnvelope(detailType: string, detail: unknown): events.EventEnvelope {
  return {
    version: '0',
    id: '6f2c1a52-8f1e-4a0e-9b3a-2d7c5e4f1a90',
    'detail-type': detailType,
    source: EVENT_SOURCE,
    account: '123456789012',
    time: '2024-05-01T10:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail,
  };
}
