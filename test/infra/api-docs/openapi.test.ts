import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileErrors, validate } from '@readme/openapi-parser';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApi, openApiRefBase } from '../../../infra/api-docs/openapi';
import { apiDocumentFiles, writeApiDocs } from '../../../infra/api-docs/write-docs';
import { httpRoutes } from '../../../infra/spec';
import { type HttpOperation, httpOperations } from '../../../lambdas/contract/http';
import { httpResponseChecker } from '../../integration/contract';

const doc = buildOpenApi();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chatty-api-docs-'));
  await writeApiDocs(dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const operationsOf = (d: typeof doc) =>
  Object.entries(d.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
  );

describe('openapi.json', () => {
  it('is a valid OpenAPI 3.1 document by @readme/openapi-parser, with no warnings', async () => {
    const result = await validate(join(dir, apiDocumentFiles.openapi));
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    expect(result.specification).toBe('OpenAPI');
    expect(result.warnings).toEqual([]);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('describes exactly the routes of infra/spec.ts, each with its auth', () => {
    const described = operationsOf(doc)
      .filter(({ op }) => !op.servers)
      .map(({ route, op }) => ({ route, security: op.security }));
    const expected = httpRoutes.map((r) => ({
      route: `${r.method} ${r.path}`,
      security: { none: undefined, bearer: [{ guestToken: [] }], iam: [{ sigv4: [] }] }[r.auth],
    }));
    expect(described.sort((a, b) => a.route.localeCompare(b.route))).toEqual(
      expected.sort((a, b) => a.route.localeCompare(b.route)),
    );
  });

  it('fails the route check when a route is missing from the contract', () => {
    const [first, ...rest] = httpOperations;
    expect(first).toBeDefined();
    const routes = operationsOf(buildOpenApi(rest))
      .filter(({ op }) => !op.servers)
      .map((o) => o.route);
    expect(routes).not.toContain(`${first?.method} ${first?.path}`);
    expect(routes).toHaveLength(httpRoutes.length - 1);
  });

  it('tells bearer as an http bearer scheme and IAM as SigV4 in the Authorization header', () => {
    expect(doc.components.securitySchemes.guestToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.sigv4).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
      'x-amazon-apigateway-authtype': 'awsSigv4',
    });
  });

  it('declares every {parameter} of a path as a required path parameter with its rule', () => {
    const rule: Record<string, string> = {
      roomId: 'RoomId',
      messageId: 'MessageId',
      emoji: 'Emoji',
      name: 'PersonName',
    };
    for (const { route, op } of operationsOf(doc)) {
      const placeholders = [...route.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
      expect(
        pathParams.map((p) => p.name),
        route,
      ).toEqual(placeholders);
      for (const p of pathParams)
        expect(p, route).toMatchObject({
          required: true,
          schema: { $ref: `${openApiRefBase}${rule[p.name]}` },
        });
    }
  });

  it('documents the history query: limit, before and after, all optional', () => {
    const params = doc.paths['/rooms/{roomId}/messages']?.get?.parameters ?? [];
    expect(params.filter((p) => p.in === 'query').map((p) => [p.name, p.required])).toEqual([
      ['limit', false],
      ['before', false],
      ['after', false],
    ]);
  });

  it('gives every POST a required JSON body and every response a JSON schema (but a 204, which has no body)', () => {
    for (const { route, op } of operationsOf(doc)) {
      if (route.startsWith('POST')) expect(op.requestBody?.required, route).toBe(true);
      for (const [status, response] of Object.entries(op.responses)) {
        if (status === '204') {
          expect(response.content, `${route} ${status}`).toBeUndefined();
          continue;
        }
        expect(response.content?.['application/json'].schema, `${route} ${status}`).toBeTypeOf('object');
      }
    }
  });

  it('uses the shared error body for every error the functions answer', () => {
    // API Gateway's own answers have its body; a failing deep healthcheck (503) is still a health report.
    const notErrorBodies = [`${openApiRefBase}GatewayError`, `${openApiRefBase}DeepHealth`];
    const errorStatuses = operationsOf(doc).flatMap(({ route, op }) =>
      Object.entries(op.responses)
        .filter(([status]) => Number(status) >= 400)
        .map(([status, r]) => ({
          where: `${route} ${status}`,
          // Where API Gateway may answer the same status for itself, the function's body is the first of anyOf.
          schema: r.content?.['application/json'].schema.anyOf?.[0] ?? r.content?.['application/json'].schema,
        }))
        .filter(({ schema }) => !notErrorBodies.includes(refOf(schema))),
    );
    expect(errorStatuses.length).toBeGreaterThan(10);
    for (const { where, schema } of errorStatuses) {
      expect(schema, where).toMatchObject({
        type: 'object',
        required: ['error'],
        properties: { error: { required: ['code', 'message'] } },
      });
    }
    expect(doc.components.schemas.ErrorBody).toBeDefined();
  });

  it("documents API Gateway's own answers on every route: its throttle, its 500, its timeout, its size limit", () => {
    // The site's /config.json comes from CloudFront, not API Gateway.
    for (const { route, op } of operationsOf(doc).filter(({ op }) => !op.servers)) {
      for (const status of ['429', '500', '503']) {
        const schema = op.responses[status]?.content?.['application/json'].schema;
        const refs = [refOf(schema), ...(schema?.anyOf ?? []).map(refOf)];
        expect(refs, `${route} ${status}`).toContain(`${openApiRefBase}GatewayError`);
      }
      if (op.requestBody) expect(op.responses['413'], `${route} 413`).toBeDefined();
    }
  });

  it('has examples, and every example matches its own schema', () => {
    const check = httpResponseChecker(doc);
    let examples = 0;
    for (const { route, op } of operationsOf(doc)) {
      const [method = '', path = ''] = route.split(' ');
      for (const [status, response] of Object.entries(op.responses)) {
        for (const example of Object.values(response.content?.['application/json'].examples ?? {})) {
          examples++;
          expect(
            () => check(method, path, Number(status), example.value),
            `${route} ${status}`,
          ).not.toThrow();
        }
      }
    }
    expect(examples).toBeGreaterThanOrEqual(6);
  });

  it("documents the site's /config.json on the site's own servers, as the contract's PageConfig", () => {
    const op = doc.paths['/config.json']?.get;
    expect(op?.servers?.[0]).toMatchObject({
      url: 'http://127.0.0.1:{port}',
      variables: { port: { default: '8080' } },
    });
    expect(op?.responses['200']?.content?.['application/json'].schema).toEqual({
      $ref: `${openApiRefBase}PageConfig`,
    });
    expect(doc.components.schemas.PageConfig).toMatchObject({ required: ['httpApiUrl', 'webSocketUrl'] });
  });

  it('says who sent each message: senderType user, guest or bot, required, each kind explained', () => {
    const schemas = (doc.components?.schemas ?? {}) as Record<string, Record<string, unknown>>;
    const senderType = schemas.SenderType;
    expect(senderType).toMatchObject({ type: 'string', enum: ['user', 'guest', 'bot'] });
    for (const kind of ['user', 'guest', 'bot']) expect(senderType?.description).toContain(`"${kind}"`);
    expect(schemas.ChatMessage).toMatchObject({
      properties: { senderType: { $ref: `${openApiRefBase}SenderType` } },
      required: expect.arrayContaining(['sender', 'senderType']),
    });
  });

  it('lists the local cloud as a server whose port is a variable', () => {
    expect(doc.servers[0]).toMatchObject({
      url: 'http://127.0.0.1:{port}',
      variables: { port: { default: '8081' } },
    });
  });

  it('refuses an operation under a path no tag covers, and parameters that are not an object', () => {
    const op: HttpOperation = {
      method: 'GET',
      path: '/elsewhere',
      operationId: 'elsewhere',
      summary: 'Nowhere.',
      auth: 'none',
      responses: { 200: { description: 'Ok.', schema: v.object({}) } },
    };
    expect(() => buildOpenApi([op])).toThrow(/no tag for \/elsewhere/);
    expect(() => buildOpenApi([{ ...op, path: '/rooms', query: v.string() }])).toThrow(
      /expected an object schema for parameters, got string/,
    );
  });
});

/** A JSON Schema's `$ref`, or '' (schemas may also be `true`/`false`). */
function refOf(schema: unknown): string {
  return typeof schema === 'object' && schema !== null && '$ref' in schema ? String(schema.$ref) : '';
}
