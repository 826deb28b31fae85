import * as v from 'valibot';
import type { ErrorCodeMetadata } from './error-code';
import type { ErrorCode } from './errors';

/**
 * A value that breaks the contract. `code` is the error code of the field that failed (from its schema's
 * `errorCode` metadata), `message` names the field, `issues` are valibot's, for logs and tests.
 */
export class ContractError extends Error {
  override readonly name = 'ContractError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: readonly v.BaseIssue<unknown>[],
  ) {
    super(message);
  }
}

/** Validates `value` and returns it typed (trimmed where the schema trims), or throws a ContractError. */
export function parseWith<const TSchema extends v.GenericSchema>(
  schema: TSchema,
  value: unknown,
): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  const [first] = result.issues;
  const field = fieldOf(schema, first);
  throw new ContractError(errorCodeOf(field, first), messageOf(field, first), result.issues);
}

function messageOf(field: Field, issue: v.BaseIssue<unknown>): string {
  const path = v.getDotPath(issue);
  if (!path) return issue.message;
  const key = String(issue.path?.at(-1)?.key);
  // A missing field: valibot reports the object's "Invalid key"; the field's own type message says more.
  const missing = issue.type === 'object' && issue.received === 'undefined';
  const own = missing ? typeMessageOf(field.schema) : undefined;
  if (own) return own;
  if (missing) return `${path} is required`;
  // The contract's own messages name their field; valibot's generic ones ("Invalid type: …") do not.
  return new RegExp(`\\b${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(issue.message)
    ? issue.message
    : `${path}: ${issue.message}`;
}

/** The schemas' shapes parseWith walks to find the schema of the field an issue is about. */
interface Walkable {
  type?: unknown;
  pipe?: readonly unknown[];
  entries?: Record<string, unknown>;
  wrapped?: unknown;
  item?: unknown;
  key?: unknown;
  options?: readonly unknown[];
  value?: unknown;
  literal?: unknown;
  message?: unknown;
}

const isWalkable = (x: unknown): x is Walkable => typeof x === 'object' && x !== null;

interface Field {
  /** The schema of the field the issue is about (undefined when the walk lost it). */
  schema: unknown;
  /** Its error-code metadata, and the nearest declared on the way to it. */
  innermost?: ErrorCodeMetadata;
  nearest?: ErrorCodeMetadata;
}

/** Walks the issue's path from the root schema to the schema of the failed field. */
function fieldOf(root: v.GenericSchema, issue: v.BaseIssue<unknown>): Field {
  let schema: unknown = root;
  let nearest = metadataOf(root);
  let innermost = nearest;
  for (const item of issue.path ?? []) {
    schema = child(schema, item.key, item.input);
    if (!schema) return { schema, nearest };
    innermost = metadataOf(schema);
    nearest = innermost ?? nearest;
  }
  return { schema, innermost, nearest };
}

/** The code of the innermost schema on the issue's path that declares one; `invalid_request` otherwise. */
function errorCodeOf(field: Field, issue: v.BaseIssue<unknown>): ErrorCode {
  if (issue.type === 'check' && field.innermost?.checkErrorCode) return field.innermost.checkErrorCode;
  return field.nearest?.errorCode ?? 'invalid_request';
}

/** The custom message of a field's type check (`v.string('text must be a string')`; a pipe carries its root's). */
function typeMessageOf(schema: unknown): string | undefined {
  const message = unwrap(schema)?.message;
  return typeof message === 'string' ? message : undefined;
}

function child(schema: unknown, key: unknown, input: unknown): unknown {
  const s = unwrap(schema);
  if (!s) return undefined;
  if (s.entries && typeof key === 'string') return s.entries[key];
  if (s.item !== undefined && typeof key === 'number') return s.item;
  if (s.options && typeof s.key === 'string' && isWalkable(input)) {
    // A variant: the option whose discriminator literal the input carries.
    const tag = (input as Record<string, unknown>)[s.key];
    const option = s.options.find((o) => {
      const entry = unwrap(o)?.entries?.[String(s.key)];
      return isWalkable(entry) && entry.literal === tag;
    });
    return child(option, key, input);
  }
  if (s.type === 'record') return s.value;
  return undefined;
}

/** Through optional/nullable wrappers; a piped schema carries its root's entries itself. */
function unwrap(schema: unknown): Walkable | undefined {
  let s = schema;
  while (isWalkable(s) && s.wrapped !== undefined) s = s.wrapped;
  return isWalkable(s) ? s : undefined;
}

function metadataOf(schema: unknown): ErrorCodeMetadata | undefined {
  const s = unwrap(schema);
  let found: ErrorCodeMetadata | undefined;
  for (const item of s?.pipe ?? []) {
    if (isWalkable(item) && item.type === 'metadata' && 'metadata' in item) {
      const metadata = (item as { metadata: unknown }).metadata;
      if (isWalkable(metadata) && 'errorCode' in metadata) found = metadata as ErrorCodeMetadata;
    }
  }
  return found;
}
