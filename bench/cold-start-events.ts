/**
 * The event each function's cold start is measured with. It must not reach the network: Health gets its real
 * request; the others get an input that fails validation where the handler validates before calling AWS.
 * Where a handler calls AWS first (the token key for the authorizer and Bearer routes, the table for ListRooms,
 * HealthDeep and WsDisconnect, the error/pong frame of the WebSocket routes) every AWS endpoint is a closed
 * port on 127.0.0.1 (`AWS_ENDPOINT_URL`), refused at once, with `AWS_MAX_ATTEMPTS=1`: the figure then
 * includes building and failing one SDK request — work a real first request does too.
 */
import { EVENT_SOURCE, type EventEnvelope } from '../lambdas/contract/events';

const httpEvent = (method: string, path: string, extra: Record<string, unknown> = {}) => ({
  version: '2.0',
  routeKey: `${method} ${path}`,
  rawPath: path,
  rawQueryString: '',
  headers: { 'content-type': 'application/json', host: 'bench.local' },
  requestContext: {
    accountId: '000000000000',
    apiId: 'bench',
    domainName: 'bench.local',
    http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
    requestId: 'bench',
    routeKey: `${method} ${path}`,
    stage: '$default',
    time: '01/Jan/2026:00:00:00 +0000',
    timeEpoch: 1767225600000,
  },
  isBase64Encoded: false,
  ...extra,
});

const wsEvent = (routeKey: string, eventType: string, extra: Record<string, unknown> = {}) => ({
  requestContext: {
    routeKey,
    eventType,
    connectionId: 'benchConnId=',
    connectedAt: 1767225600000,
    requestTimeEpoch: 1767225600000,
    domainName: '127.0.0.1',
    stage: 'live',
    apiId: 'bench',
    requestId: 'bench',
    messageId: 'bench',
    extendedRequestId: 'bench',
    authorizer: { name: 'bench' },
  },
  isBase64Encoded: false,
  ...extra,
});

const badRoom = { pathParameters: { roomId: 'NOT A ROOM!' } };

export const coldStartEvents: Record<string, { event: unknown; what: string }> = {
  Health: { event: httpEvent('GET', '/health'), what: 'GET /health (the real request)' },
  HealthDeep: {
    event: httpEvent('GET', '/health/deep'),
    what: 'GET /health/deep: every check meets a refused endpoint',
  },
  CreateSession: {
    event: httpEvent('POST', '/sessions', { body: '{"name":""}' }),
    what: 'empty name: 400 before the token key is fetched',
  },
  ListRooms: { event: httpEvent('GET', '/rooms'), what: 'GET /rooms: the table query is refused' },
  CreateRoom: {
    event: httpEvent('POST', '/rooms', { body: '{}' }),
    what: 'no Bearer token: the token key fetch is refused',
  },
  ListMessages: {
    event: httpEvent('GET', '/rooms/{roomId}/messages', badRoom),
    what: 'invalid roomId: 400 before any table call',
  },
  PostMessage: {
    event: httpEvent('POST', '/rooms/{roomId}/messages', { ...badRoom, body: '{}' }),
    what: 'no Bearer token: the token key fetch is refused',
  },
  ListMembers: {
    event: httpEvent('GET', '/rooms/{roomId}/members', badRoom),
    what: 'invalid roomId: 400 before any table call',
  },
  BotPostMessage: {
    event: httpEvent('POST', '/bot/rooms/{roomId}/messages', { ...badRoom, body: '{}' }),
    what: 'invalid roomId and text: 400 before any table call',
  },
  WsAuthorizer: {
    event: {
      type: 'REQUEST',
      methodArn: 'arn:aws:execute-api:us-east-1:000000000000:bench/live/$connect',
      queryStringParameters: {},
    },
    what: 'no token: the token key fetch is refused',
  },
  WsConnect: {
    event: wsEvent('$connect', 'CONNECT', { queryStringParameters: { roomId: 'NOT A ROOM!' }, headers: {} }),
    what: 'invalid roomId: 400 before any table call',
  },
  WsDisconnect: {
    event: wsEvent('$disconnect', 'DISCONNECT', { disconnectStatusCode: 1000 }),
    what: 'the connection delete is refused',
  },
  WsDefault: {
    event: wsEvent('$default', 'MESSAGE', { body: 'not json' }),
    what: 'not JSON: the error frame post is refused',
  },
  WsSendMessage: {
    event: wsEvent('sendMessage', 'MESSAGE', { body: 'not json' }),
    what: 'not JSON: the error frame post is refused',
  },
  WsJoinRoom: {
    event: wsEvent('joinRoom', 'MESSAGE', { body: 'not json' }),
    what: 'not JSON: the error frame post is refused',
  },
  WsTyping: {
    event: wsEvent('typing', 'MESSAGE', { body: 'not json' }),
    what: 'not JSON: the error frame post is refused',
  },
  WsMessageActions: {
    event: wsEvent('editMessage', 'MESSAGE', { body: 'not json' }),
    what: 'not JSON: the error frame post is refused',
  },
  PreSignUp: {
    event: {
      version: '1',
      triggerSource: 'PreSignUp_SignUp',
      region: 'us-east-1',
      userPoolId: 'us-east-1_BENCH',
      userName: 'bench',
      callerContext: { awsSdkVersion: 'aws-sdk-js-3', clientId: 'bench' },
      request: { userAttributes: { email: 'bench@example.com' } },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    },
    what: 'a sign-up: the name reservation is refused',
  },
  WsPing: {
    event: wsEvent('ping', 'MESSAGE', { body: '{"action":"ping"}' }),
    what: 'ping: the pong post is refused',
  },
  Bot: {
    event: {
      version: '0',
      id: 'bench',
      'detail-type': 'Unknown',
      source: EVENT_SOURCE,
      account: '000000000000',
      time: '2026-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: {},
    } satisfies EventEnvelope,
    what: 'an event of an unknown detail-type: ignored',
  },
  Presence: {
    event: {
      Records: [
        {
          eventName: 'INSERT',
          dynamodb: {
            NewImage: {
              pk: { S: 'CONN#bench=' },
              connectionId: { S: 'bench=' },
              roomId: { S: 'lobby' },
              name: { S: 'Bench' },
              expiresAt: { N: '4102444800' },
            },
          },
        },
      ],
    },
    what: 'a stream batch of one join: the member write is refused',
  },
  FanOut: {
    event: {
      version: '0',
      id: 'bench',
      'detail-type': 'FanOutPage',
      source: EVENT_SOURCE,
      account: '000000000000',
      time: '2026-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: {
        roomId: 'lobby',
        frame: { type: 'pong' },
        connections: [{ connectionId: 'bench=', connectedAt: '2026-01-01T00:00:00.000Z' }],
        attempt: 0,
      },
    } satisfies EventEnvelope,
    what: 'a page of one socket: the post is refused',
  },
};
