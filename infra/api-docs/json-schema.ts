/**
 * valibot schemas → JSON Schema for the API documents. Each named schema of the contract becomes one entry of
 * the document's `components.schemas`, and every use of it elsewhere a `$ref` to that entry, so the documents
 * read like the contract (a `Message` is defined once, not copied into every response).
 */
import {
  type JsonSchema,
  type OverrideActionContext,
  type OverrideSchemaContext,
  toJsonSchema,
  toJsonSchemaDefs,
} from '@valibot/to-json-schema';
import type { GenericSchema } from 'valibot';

/** OpenAPI 3.1 speaks JSON Schema 2020-12; AsyncAPI 3.0's default schema format is a superset of draft-07. */
export type Dialect = 'draft-2020-12' | 'draft-07';

export interface SchemaConverter {
  /** The named schemas, keyed by name, each with its references already pointing into the document. */
  readonly components: Record<string, JsonSchema>;
  /** One schema, as a `$ref` when it is a named one. */
  convert(schema: GenericSchema): JsonSchema;
}

export function isSchema(value: unknown): value is GenericSchema {
  return typeof value === 'object' && value !== null && 'kind' in value && value.kind === 'schema';
}

/**
 * `{ MessageSchema, … }` (a contract module's exports) → `{ Message: MessageSchema, … }`; other exports are
 * skipped. A schema exported under two names (`MessagePostedDetailSchema = ChatMessageSchema`) keeps the first.
 */
export function namedSchemas(...modules: Record<string, unknown>[]): Record<string, GenericSchema> {
  const named: Record<string, GenericSchema> = {};
  const seen = new Set<GenericSchema>();
  for (const module of modules) {
    for (const [key, value] of Object.entries(module)) {
      if (!key.endsWith('Schema') || key === 'Schema' || !isSchema(value) || seen.has(value)) continue;
      seen.add(value);
      named[key.slice(0, -'Schema'.length)] = value;
    }
  }
  return named;
}

/**
 * The pipe actions that have no JSON Schema form but change nothing a document can say: trimming and collapsing
 * white space keep a string a string (the field's description says "after trimming"), and a custom check is
 * told in the description too. Anything else without a JSON Schema form throws, so the documents never silently
 * describe less than the contract checks.
 */
const describedInWords = new Set(['trim', 'trim_start', 'trim_end', 'check', 'transform']);

function convertAction({ valibotAction, jsonSchema }: OverrideActionContext): JsonSchema | undefined {
  if (describedInWords.has(valibotAction.type)) return jsonSchema;
  // The contract's error-code metadata (lambdas/contract/error-code.ts) would otherwise land as an unknown
  // keyword; as an `x-` extension it tells readers which error code a bad value of this field gets.
  const metadata: unknown = 'metadata' in valibotAction ? valibotAction.metadata : undefined;
  if (
    valibotAction.type === 'metadata' &&
    typeof metadata === 'object' &&
    metadata !== null &&
    'errorCode' in metadata
  ) {
    const converted: JsonSchema = Object.fromEntries(
      Object.entries(jsonSchema).filter(([key]) => key !== 'errorCode' && key !== 'checkErrorCode'),
    );
    const checkCode = 'checkErrorCode' in metadata ? metadata.checkErrorCode : undefined;
    return Object.assign(converted, {
      'x-error-code': String(metadata.errorCode),
      ...(checkCode === undefined ? {} : { 'x-check-error-code': String(checkCode) }),
    });
  }
  return undefined;
}

/**
 * A loose object says so (`additionalProperties: true`); a plain one leaves it unsaid, so that clients may
 * expect new fields later. The contract tests close the plain ones (test/integration/contract.ts): the server
 * sends no field the documents do not name.
 */
function convertSchema({ valibotSchema, jsonSchema }: OverrideSchemaContext): JsonSchema | undefined {
  return valibotSchema.type === 'loose_object' ? { ...jsonSchema, additionalProperties: true } : undefined;
}

/** `refBase` is where the document keeps its schemas (`#/components/schemas/`). */
export function schemaConverter(
  named: Record<string, GenericSchema>,
  dialect: Dialect,
  refBase: string,
): SchemaConverter {
  const config = {
    target: dialect,
    errorMode: 'throw',
    overrideAction: convertAction,
    overrideSchema: convertSchema,
  } as const;
  const components: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(toJsonSchemaDefs(named, config))) {
    components[name] = rewriteRefs(schema, refBase);
  }
  return {
    components,
    convert(schema) {
      const { $schema: _dialect, $defs, ...rest } = toJsonSchema(schema, { ...config, definitions: named });
      // Definitions the converter made up on its own (a recursive schema without a name) join the named ones.
      for (const [name, def] of Object.entries($defs ?? {})) {
        if (!(name in components) && typeof def === 'object') components[name] = rewriteRefs(def, refBase);
      }
      return rewriteRefs(rest, refBase);
    },
  };
}

function rewriteRefs(schema: JsonSchema, refBase: string): JsonSchema {
  return JSON.parse(
    JSON.stringify(schema, (key, value) =>
      key === '$ref' && typeof value === 'string' ? value.replace(/^#\/\$defs\//, refBase) : value,
    ),
  );
}
