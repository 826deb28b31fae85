/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the contract's `httpOperations`: every route with
 * its auth, parameters, body, each status with its schema and examples. Served as `/openapi.json`.
 */
import type { JsonSchema } from '@valibot/to-json-schema';
import type { GenericSchema } from 'valibot';
import * as access from '../../lambdas/contract/access';
import * as config from '../../lambdas/contract/config';
import * as fields from '../../lambdas/contract/fields';
import type { HttpAuth, HttpOperation } from '../../lambdas/contract/http';
import * as http from '../../lambdas/contract/http';
import * as resources from '../../lambdas/contract/resources';
import { appVersion } from './app-version';
import { isSchema, namedSchemas, type SchemaConverter, schemaConverter } from './json-schema';

interface Example {
  summary: string;
  value: unknown;
}

interface MediaType {
  schema: JsonSchema;
  examples?: Record<string, Example>;
}

type Json = { 'application/json': MediaType };

interface OpenApiResponse {
  description: string;
  /** Absent for a response without a body (204). */
  content?: Json;
  /** Set on a status only API Gateway itself answers (no function decides it): see `gatewayResponses`. */
  'x-chatty-gateway-response'?: true;
}

/**
 * What API Gateway answers for itself on any route, whatever the function does: its stage throttle (429 Too Many
 * Requests), a function it could not run or that failed without answering — throttled by its reserved concurrency,
 * timed out, crashed (500 Internal Server Error) —, its 30-second integration timeout (503 Service Unavailable) and a
 * request over its 10 MB limit (413). Each is `{"message"}`, not our `{"error"}` body. Where the function has its own
 * answer with that status, the document allows either body.
 */
const gatewayResponses: Record<string, { description: string; example: string; bodyOnly?: true }> = {
  '413': {
    description: 'API Gateway: the request is over its 10 MB limit.',
    example: 'Request Entity Too Large',
    bodyOnly: true,
  },
  '429': { description: "API Gateway: the stage's throttle.", example: 'Too Many Requests' },
  '500': {
    description:
      'API Gateway: the function could not run (throttled, timed out, crashed) or failed without answering.',
    example: 'Internal Server Error',
  },
  '503': {
    description: 'API Gateway: the function took longer than the 30-second integration timeout.',
    example: 'Service Unavailable',
  },
};

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

interface Server {
  url: string;
  description: string;
  variables: Record<string, { default: string; description: string }>;
}

interface OpenApiOperation {
  /** Only for an operation another server answers (the site's `/config.json`). */
  servers?: Server[];
  operationId: string;
  summary: string;
  tags: string[];
  security?: Record<string, string[]>[];
  parameters?: OpenApiParameter[];
  requestBody?: { required: true; content: Json };
  responses: Record<string, OpenApiResponse>;
}

type SecurityScheme =
  | { type: 'http'; scheme: 'bearer'; description: string }
  | {
      type: 'apiKey';
      in: 'header';
      name: string;
      description: string;
      'x-amazon-apigateway-authtype': string;
    };

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: {
    title: string;
    version: string;
    description: string;
    license: { name: string; identifier: string };
  };
  servers: {
    url: string;
    description: string;
    variables: Record<string, { default: string; description: string }>;
  }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', OpenApiOperation>>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, SecurityScheme> };
}

export const openApiRefBase = '#/components/schemas/';

/**
 * How each `auth` of the contract is told. IAM: OpenAPI has no scheme for AWS Signature Version 4, so it is an
 * `apiKey` in the `Authorization` header marked `x-amazon-apigateway-authtype: awsSigv4`, the form API Gateway
 * itself exports and imports for IAM-authorized routes.
 */
const securitySchemes = {
  guestToken: {
    type: 'http',
    scheme: 'bearer',
    description:
      'A guest token from `POST /sessions` (HMAC-signed, valid 12 hours), or an account\'s Cognito access token from the user pool in `/config.json` (`auth`; valid an hour, refreshed by the page). An account\'s messages carry `senderType: "user"`, a guest\'s `"guest"`.',
  },
  sigv4: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description:
      'AWS Signature Version 4 (service `execute-api`) by a principal allowed `execute-api:Invoke` on the route; API Gateway checks it before the function runs. Only the bot holds that grant.',
    'x-amazon-apigateway-authtype': 'awsSigv4',
  },
} as const satisfies Record<string, SecurityScheme>;

const security: Record<HttpAuth, Record<string, string[]>[] | undefined> = {
  none: undefined,
  bearer: [{ guestToken: [] }],
  iam: [{ sigv4: [] }],
};

const tags = [
  { name: 'health', description: 'Is it up, and are its dependencies?' },
  { name: 'sessions', description: 'Guest sign-in.' },
  { name: 'rooms', description: 'Rooms, their history and who is in them, their roles and moderation.' },
  { name: 'dms', description: 'Direct messages: the private room of two accounts.' },
  { name: 'bot', description: "Pyro's reply path: callable only with the bot's AWS credentials." },
  { name: 'site', description: 'Served by the site, next to the page and these documents.' },
];

/** `operations` are the contract's; a test passes its own to see a malformed one refused. */
export function buildOpenApi(operations: readonly HttpOperation[] = http.httpOperations): OpenApiDocument {
  const schemas = schemaConverter(
    namedSchemas(fields, resources, access, http, config),
    'draft-2020-12',
    openApiRefBase,
  );
  const paths: OpenApiDocument['paths'] = {};
  for (const op of operations) {
    const methods = paths[op.path] ?? {};
    methods[lowerMethod(op.method)] = operation(op, schemas);
    paths[op.path] = methods;
  }
  paths['/config.json'] = { get: pageConfigOperation(schemas) };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Chatty HTTP API',
      version: appVersion,
      description:
        'Rooms, history and guest sign-in for Chatty, a realtime chat with a resident bot (Pyro). Messages arrive live over the WebSocket API (`/asyncapi.json`). Every error the functions answer is `{"error":{"code","message"}}`; `x-error-code` on a field names the code a bad value gets.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [
      {
        url: 'http://127.0.0.1:{port}',
        description: 'The local cloud (`npm start`); the page finds it in `/config.json` as `httpApiUrl`.',
        variables: { port: { default: '8081', description: 'CHATTY_PORT + 1.' } },
      },
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
        description:
          "A deployed stack (its `HttpApiUrl` output, and `httpApiUrl` in the site's `/config.json`).",
        variables: {
          apiId: { default: 'abcdef1234', description: "The HTTP API's id." },
          region: { default: 'us-east-1', description: "The stack's region." },
        },
      },
    ],
    tags,
    paths,
    components: { schemas: schemas.components, securitySchemes },
  };
}

/**
 * `/config.json` is the site's, not the HTTP API's (CDK writes it at deploy, the local site serves it): the
 * operation names its own servers, as OpenAPI allows, so the page's one request is in the document too.
 */
function pageConfigOperation(schemas: SchemaConverter): OpenApiOperation {
  const schema = schemas.convert(config.PageConfigSchema);
  return {
    servers: [
      {
        url: 'http://127.0.0.1:{port}',
        description: 'The local site (`npm start`).',
        variables: { port: { default: '8080', description: 'CHATTY_PORT.' } },
      },
      {
        url: 'https://{siteDomain}',
        description: "A deployed stack's site (its `SiteUrl` output, or the custom domain).",
        variables: {
          siteDomain: { default: 'd111111abcdef8.cloudfront.net', description: "The site's domain." },
        },
      },
    ],
    operationId: 'getPageConfig',
    summary: 'Where the two APIs are: the first thing the page reads.',
    tags: ['site'],
    responses: {
      200: { description: 'The API URLs.', content: { 'application/json': { schema } } },
    },
  };
}

function lowerMethod(method: HttpOperation['method']): 'get' | 'post' | 'put' | 'patch' | 'delete' {
  return method.toLowerCase() as Lowercase<HttpOperation['method']>;
}

function operation(op: HttpOperation, schemas: SchemaConverter): OpenApiOperation {
  const examples = op.examples ?? [];
  const parameters = [
    ...(op.params ? parametersOf(op.params, 'path', schemas) : []),
    ...(op.query ? parametersOf(op.query, 'query', schemas) : []),
  ];
  const requestExamples = examples.filter((e) => e.body !== undefined);
  const responses: Record<string, OpenApiResponse> = {};
  for (const [status, response] of Object.entries(op.responses)) {
    const responseExamples = examples.filter((e) => String(e.status) === status);
    if (!response.schema) {
      responses[status] = { description: response.description };
      continue;
    }
    responses[status] = {
      description: response.description,
      content: {
        'application/json': {
          schema: schemas.convert(response.schema),
          ...exampleMap(responseExamples.map((e) => ({ summary: e.summary, value: e.response }))),
        },
      },
    };
  }
  for (const [status, gateway] of Object.entries(gatewayResponses)) {
    if (gateway.bodyOnly && !op.body) continue;
    const gatewaySchema = schemas.convert(http.GatewayErrorSchema);
    const own = responses[status];
    const ownContent = own?.content?.['application/json'] as { schema: JsonSchema } | undefined;
    // Routes whose own answer for this status already is API Gateway's body (the health routes' 500) stay as they are.
    if (ownContent && JSON.stringify(ownContent.schema) === JSON.stringify(gatewaySchema)) continue;
    responses[status] =
      own && ownContent
        ? {
            description: `${own.description} Or ${gateway.description}`,
            content: {
              'application/json': { ...ownContent, schema: { anyOf: [ownContent.schema, gatewaySchema] } },
            },
          }
        : {
            description: gateway.description,
            content: {
              'application/json': {
                schema: gatewaySchema,
                examples: { gateway: { summary: gateway.description, value: { message: gateway.example } } },
              },
            },
            'x-chatty-gateway-response': true,
          };
  }
  const auth = security[op.auth];
  return {
    operationId: op.operationId,
    summary: op.summary,
    tags: [tagOf(op.path)],
    ...(auth ? { security: auth } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: schemas.convert(op.body),
                ...exampleMap(requestExamples.map((e) => ({ summary: e.summary, value: e.body }))),
              },
            },
          },
        }
      : {}),
    responses,
  };
}

/** `/rooms/{roomId}/messages` → `rooms`; each tag above names a first path segment. */
function tagOf(path: string): string {
  const first = path.split('/')[1] ?? '';
  const tag = tags.find((t) => t.name === first);
  if (!tag) throw new Error(`infra/api-docs: no tag for ${path}; add one for "${first}"`);
  return tag.name;
}

function exampleMap(examples: Example[]): { examples?: Record<string, Example> } {
  if (examples.length === 0) return {};
  return { examples: Object.fromEntries(examples.map((e, i) => [`example${i + 1}`, e])) };
}

/** One parameter per entry of an object schema (a path's or a query's), each with its own schema. */
function parametersOf(
  schema: GenericSchema,
  where: 'path' | 'query',
  schemas: SchemaConverter,
): OpenApiParameter[] {
  return Object.entries(objectEntries(schema)).map(([name, entry]) => {
    const converted = schemas.convert(entry);
    const description = converted.description ?? describedBy(entry, schemas);
    return {
      name,
      in: where,
      // OpenAPI requires path parameters; a query's are required unless optional in the schema.
      required: where === 'path' || !isOptional(entry),
      ...(description ? { description } : {}),
      schema: converted,
    };
  });
}

/** A named field (`$ref`) carries its description in its component; the parameter repeats it for readers. */
function describedBy(entry: GenericSchema, schemas: SchemaConverter): string | undefined {
  const ref = schemas.convert(entry).$ref;
  if (!ref?.startsWith(openApiRefBase)) return undefined;
  return schemas.components[ref.slice(openApiRefBase.length)]?.description;
}

function isOptional(schema: GenericSchema): boolean {
  return schema.type === 'optional' || schema.type === 'exact_optional' || schema.type === 'undefinedable';
}

/** The entries of an object schema, through any pipe around it (`v.pipe(v.object(…), v.examples(…))`). */
function objectEntries(schema: GenericSchema): Record<string, GenericSchema> {
  if ('entries' in schema && typeof schema.entries === 'object' && schema.entries !== null) {
    const entries: Record<string, GenericSchema> = {};
    for (const [key, value] of Object.entries(schema.entries)) {
      if (isSchema(value)) entries[key] = value;
    }
    return entries;
  }
  if ('pipe' in schema && Array.isArray(schema.pipe)) {
    const [first] = schema.pipe;
    if (isSchema(first)) return objectEntries(first);
  }
  throw new Error(`infra/api-docs: expected an object schema for parameters, got ${schema.type}`);
}
