import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { httpRoutes } from '../../../../infra/spec';
import { ErrorBodySchema, errorBodySchema, errorStatus, httpOperations } from '../../../../lambdas/contract';

// A response without a schema (204) has no body: only `null` (what a client reads from nothing) fits it.
const ok = (schema: v.GenericSchema | undefined, value: unknown) =>
  schema ? v.safeParse(schema, value).success : value === null;

describe('httpOperations', () => {
  it('describe exactly the routes of the spec, with their auth', () => {
    const key = (r: { method: string; path: string; auth: string }) => `${r.method} ${r.path} ${r.auth}`;
    expect(httpOperations.map(key).sort()).toEqual(httpRoutes.map(key).sort());
  });

  it('have unique operation ids', () => {
    const ids = httpOperations.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("document each error code under its code's status", () => {
    for (const operation of httpOperations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        for (const code of Object.keys(errorStatus)) {
          const body = { error: { code, message: 'x' } };
          if (ok(response.schema, body))
            expect(errorStatus[code as keyof typeof errorStatus], `${operation.operationId} ${code}`).toBe(
              Number(status),
            );
        }
      }
    }
  });

  it('have examples their schemas accept', () => {
    for (const operation of httpOperations) {
      for (const example of operation.examples ?? []) {
        const response = operation.responses[example.status];
        expect(response, `${operation.operationId} ${example.status}`).toBeDefined();
        if (response) expect(ok(response.schema, example.response), example.summary).toBe(true);
        // A 4xx example's body breaks the body's rules, unless what is stored refuses it (a name another holds).
        if (example.body !== undefined && operation.body)
          expect(ok(operation.body, example.body), example.summary).toBe(
            example.status < 400 || refusedByState(example.response),
          );
        if (example.params !== undefined && operation.params)
          expect(ok(operation.params, example.params)).toBe(true);
        if (example.query !== undefined && operation.query)
          expect(ok(operation.query, example.query)).toBe(true);
      }
    }
  });
});

/** An error whose request was well formed: only the stored state refused it. */
function refusedByState(response: unknown): boolean {
  return ok(errorBodySchema(['name_taken', 'forbidden', 'account_not_found']), response);
}

describe('error bodies', () => {
  it('accept only the codes they list', () => {
    const schema = errorBodySchema(['room_not_found']);
    expect(ok(schema, { error: { code: 'room_not_found', message: 'No room' } })).toBe(true);
    expect(ok(schema, { error: { code: 'invalid_room', message: 'No room' } })).toBe(false);
    expect(ok(ErrorBodySchema, { error: { code: 'internal' } })).toBe(false);
  });
});
