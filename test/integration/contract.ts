/**
 * The contract tests' net: every HTTP response and every server frame the integration tests receive is checked
 * against the served documents (/openapi.json, /asyncapi.json), so a change to the API that the documents do not
 * describe fails a test. The harness (./harness.ts) calls these on everything it receives.
 *
 * Stricter than the documents in one way: a plain object may carry only the fields it names (the documents leave
 * that open so that clients can expect new fields later; the server must still not send any they do not name).
 */
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/core';
import addFormats from 'ajv-formats';
import { type AsyncApiDocument, asyncApiRefBase, buildAsyncApi } from '../../infra/api-docs/asyncapi';
import { buildOpenApi, type OpenApiDocument, openApiRefBase } from '../../infra/api-docs/openapi';

/** A response or frame the documents do not describe. */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

type HttpCheck = (method: string, url: string, status: number, body: unknown) => void;

/**
 * `(method, path?query, status, body)` → throws a ContractViolation unless openapi.json describes it.
 * `onChecked` hears `"POST /rooms/{roomId}/messages 429"` for each response that passed (contract.test.ts
 * uses it to see that every documented status was met).
 */
export function httpResponseChecker(
  doc: OpenApiDocument = buildOpenApi(),
  onChecked: (documented: string) => void = () => {},
): HttpCheck {
  const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true }));
  const defs = closedDefs(doc.components.schemas, openApiRefBase);
  const routes = Object.entries(doc.paths).map(([template, methods]) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{[^/}]+\}/g, '[^/]+')}$`),
    methods,
  }));
  const compiled = new Map<string, ValidateFunction>();

  return (method, url, status, body) => {
    const path = url.split('?')[0] ?? url;
    const route = routes.find((r) => r.pattern.test(path));
    const verb = method.toLowerCase();
    const operation =
      route && (verb === 'get' || verb === 'post' || verb === 'put' || verb === 'patch' || verb === 'delete')
        ? route.methods[verb]
        : undefined;
    if (!route || !operation) throw new ContractViolation(`${method} ${path} is not in openapi.json`);
    const where = `${method} ${route.template} → ${status}`;
    const response = operation.responses[String(status)];
    if (!response) {
      throw new ContractViolation(
        `${where} is not in openapi.json (documented: ${Object.keys(operation.responses).join(', ')}); body ${show(body)}`,
      );
    }
    const content = response.content?.['application/json'];
    // A response documented without content (204) must come without a body.
    if (!content) {
      if (body !== null) throw new ContractViolation(`${where} must have no body; body ${show(body)}`);
      onChecked(`${method.toUpperCase()} ${route.template} ${status}`);
      return;
    }
    let validate = compiled.get(where);
    if (!validate) {
      validate = ajv.compile({
        ...closed(content.schema, openApiRefBase),
        $defs: defs,
      });
      compiled.set(where, validate);
    }
    if (!validate(body)) {
      throw new ContractViolation(
        `${where} does not match openapi.json: ${describe(validate.errors)}; body ${show(body)}`,
      );
    }
    onChecked(`${method.toUpperCase()} ${route.template} ${status}`);
  };
}

type MessageCheck = (key: string, payload: unknown) => void;

/** `(message key, payload)` → throws unless the payload matches that message of asyncapi.json. */
export function asyncApiMessageChecker(doc: AsyncApiDocument = buildAsyncApi()): MessageCheck {
  // AsyncAPI 3.0's default schema format is draft-07 based: Ajv's default dialect.
  const ajv = addFormats(new Ajv({ allErrors: true, strict: true }));
  const defs = closedDefs(doc.components.schemas, asyncApiRefBase);
  const compiled = new Map<string, ValidateFunction>();
  return (key, payload) => {
    const message = doc.components.messages[key];
    if (!message) throw new ContractViolation(`message ${key} is not in asyncapi.json`);
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile({ ...closed(message.payload, asyncApiRefBase), $defs: defs });
      compiled.set(key, validate);
    }
    if (!validate(payload)) {
      throw new ContractViolation(
        `${key} does not match asyncapi.json: ${describe(validate.errors)}; got ${show(payload)}`,
      );
    }
  };
}

/** A frame a socket received → throws unless it is one of asyncapi.json's `receive` messages on the chat channel. */
export function serverFrameChecker(doc: AsyncApiDocument = buildAsyncApi()): (frame: unknown) => void {
  const check = asyncApiMessageChecker(doc);
  // Frame type → message key, read from the document: the receive operations on the chat channel.
  const received = new Map<string, string>();
  for (const operation of Object.values(doc.operations)) {
    if (operation.action !== 'receive' || operation.channel.$ref !== '#/channels/chat') continue;
    for (const ref of operation.messages) {
      const key = ref.$ref.split('/').pop() ?? '';
      const message = doc.components.messages[key];
      if (message) received.set(message.name, key);
    }
  }
  return (frame) => {
    const type = typeof frame === 'object' && frame !== null && 'type' in frame ? frame.type : undefined;
    const key = typeof type === 'string' ? received.get(type) : undefined;
    if (!key) {
      throw new ContractViolation(
        `frame ${show(frame)} is no receive message of asyncapi.json (types: ${[...received.keys()].join(', ')})`,
      );
    }
    check(key, frame);
  };
}

function closedDefs(schemas: Record<string, unknown>, refBase: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, closed(schema, refBase)]));
}

/**
 * A copy of a document's schema for Ajv: references into `$defs`, `x-` extensions dropped (Ajv's strict mode
 * refuses unknown keywords), and every object that names its properties but says nothing of others closed.
 */
function closed(schema: unknown, refBase: string): Record<string, unknown> {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-')) continue;
      // `examples` and `const` hold data, not schemas: copied as they are.
      if (key === 'examples' || key === 'const' || key === 'enum') out[key] = value;
      else if (key === '$ref' && typeof value === 'string') out[key] = value.replace(refBase, '#/$defs/');
      else out[key] = walk(value);
    }
    if ('properties' in out && !('additionalProperties' in out)) out.additionalProperties = false;
    return out;
  };
  const result = walk(schema);
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    throw new Error(`contract: expected a schema object, got ${show(schema)}`);
  }
  return Object.fromEntries(Object.entries(result));
}

/** Ajv's errors, naming the field an `additionalProperties` error is about (its own text does not). */
function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => {
      const extra =
        typeof e.params.additionalProperty === 'string' ? ` ("${e.params.additionalProperty}")` : '';
      return `${e.instancePath || '(body)'} ${e.message ?? e.keyword}${extra}`;
    })
    .join('; ');
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
