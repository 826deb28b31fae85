/**
 * Amazon EventBridge event-pattern matching for the local cloud: `validateEventPattern` rejects what PutRule
 * rejects (InvalidEventPatternException), `matchesEventPattern` answers what TestEventPattern answers.
 *
 * How EventBridge reads a pattern (its engine is the open-source aws/event-ruler):
 * - A pattern is a JSON object whose leaves are non-empty arrays; keys are ANDed, array members are ORed.
 * - Paths are joined with `.`, in the pattern and in the event, so `{"a.b": [...]}` and `{"a": {"b": [...]}}` are
 *   the same field, and both match the event `{"a": {"b": 1}}` and `{"a.b": 1}` (a documented quirk).
 * - Arrays in the event are "crushed out": each element is a value of the same path. Fields matched inside objects
 *   of the same array must come from the same element (event-ruler's array-consistent matching).
 * - Only leaves (strings, numbers, booleans, null) count as values: `exists` ignores intermediate objects and
 *   empty arrays.
 * - `$or` takes 2+ objects and may nest.
 */

import {
  type Condition,
  compileValues,
  fail,
  InvalidEventPatternError,
  isObject,
  type Json,
  type JsonObject,
  type Leaf,
} from './event-pattern-operators';

export { InvalidEventPatternError };

interface FieldRule {
  path: string;
  /** ORed. */
  conditions: Condition[];
}

/** Field rules that must all hold (one alternative after expanding every `$or`). */
type Branch = FieldRule[];

export interface CompiledPattern {
  branches: Branch[];
  paths: Set<string>;
}

/** Operator names event-ruler refuses as field names directly inside a `$or` object (they signal a misplaced operator). */
const operatorNames = new Set([
  'prefix',
  'suffix',
  'anything-but',
  'numeric',
  'cidr',
  'exists',
  'equals-ignore-case',
  'wildcard',
]);

const cache = new WeakMap<object, CompiledPattern>();

/** Validates and compiles a pattern (an object, or its JSON text). Throws InvalidEventPatternError. */
export function compileEventPattern(pattern: unknown): CompiledPattern {
  if (isObject(pattern)) {
    const hit = cache.get(pattern);
    if (hit) return hit;
  }
  let root: unknown = pattern;
  if (typeof pattern === 'string') {
    try {
      root = JSON.parse(pattern);
    } catch {
      fail('Filter is not valid JSON');
    }
  }
  if (!isObject(root)) return fail('Filter is not an object');
  const branches = compileObject(root, '', [[]], false);
  const compiled = { branches, paths: new Set(branches.flatMap((b) => b.map((r) => r.path))) };
  if (isObject(pattern)) cache.set(pattern, compiled);
  return compiled;
}

/** Throws InvalidEventPatternError when EventBridge would reject the pattern. */
export function validateEventPattern(pattern: unknown): void {
  compileEventPattern(pattern);
}

/** Whether the event matches the pattern; throws InvalidEventPatternError for an invalid pattern. */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  const compiled = compileEventPattern(pattern);
  let body: unknown = event;
  if (typeof event === 'string') {
    try {
      body = JSON.parse(event);
    } catch {
      return false;
    }
  }
  const fields = flattenEvent(body, compiled.paths);
  return compiled.branches.some((branch) => matchBranch(branch, fields, 0, new Map()));
}

// ---------------------------------------------------------------------------------------------------------------
// Pattern compilation

function compileObject(obj: JsonObject, prefix: string, branches: Branch[], insideOr: boolean): Branch[] {
  const keys = Object.keys(obj);
  if (keys.length === 0) fail('Empty objects are not allowed');
  let current = branches;
  for (const [key, value] of Object.entries(obj)) {
    if (key === '$or') {
      current = compileOr(value, prefix, current);
      continue;
    }
    if (insideOr && operatorNames.has(key)) {
      fail(`${key} is Ruler reserved fieldName which cannot be used inside $or.`);
    }
    const path = prefix ? `${prefix}.${key}` : key;
    if (isObject(value)) {
      current = compileObject(value, path, current, insideOr);
    } else if (Array.isArray(value)) {
      const rule: FieldRule = { path, conditions: compileValues(value) };
      current = current.map((branch) => [...branch, rule]);
    } else {
      fail(`"${key}" must be an object or an array`);
    }
  }
  return current;
}

function compileOr(value: Json, prefix: string, branches: Branch[]): Branch[] {
  if (!Array.isArray(value)) return fail('It must be an Array followed with $or.');
  if (value.length < 2) fail('There must have at least 2 Objects in $or relationship.');
  return value.flatMap((alternative) => {
    if (!isObject(alternative)) return fail('Only JSON object is allowed in array of $or relationship.');
    return compileObject(alternative, prefix, branches, true);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Event flattening and matching

interface FieldValue {
  value: Leaf;
  /** (array id, element index) for every array this value sits in, for array-consistent matching. */
  arrays: ReadonlyArray<readonly [number, number]>;
}

type Fields = Map<string, FieldValue[]>;

function flattenEvent(event: unknown, wanted: Set<string>): Fields {
  const fields: Fields = new Map();
  if (!isObject(event)) return fields;
  const prefixes = new Set<string>();
  for (const path of wanted) {
    const parts = path.split('.');
    for (let i = 1; i < parts.length; i++) prefixes.add(parts.slice(0, i).join('.'));
  }
  let nextArrayId = 0;
  const walk = (node: unknown, path: string, arrays: FieldValue['arrays']): void => {
    if (Array.isArray(node)) {
      const id = nextArrayId++;
      for (const [i, el] of node.entries()) walk(el, path, [...arrays, [id, i]]);
    } else if (isObject(node)) {
      for (const [key, child] of Object.entries(node)) {
        const childPath = path ? `${path}.${key}` : key;
        // Only descend where a pattern field can still be reached (keys may contain dots themselves).
        if (wanted.has(childPath) || prefixes.has(childPath)) walk(child, childPath, arrays);
      }
    } else if (wanted.has(path)) {
      const list = fields.get(path) ?? [];
      list.push({ value: node as Leaf, arrays });
      fields.set(path, list);
    }
  };
  walk(event, '', []);
  return fields;
}

/** Backtracking over the branch's fields so that values drawn from one array come from the same element. */
function matchBranch(rules: Branch, fields: Fields, i: number, chosen: Map<number, number>): boolean {
  const rule = rules[i];
  if (!rule) return true;
  const values = fields.get(rule.path) ?? [];
  if (values.length === 0 && rule.conditions.some((c) => 'exists' in c && !c.exists)) {
    if (matchBranch(rules, fields, i + 1, chosen)) return true;
  }
  for (const candidate of values) {
    const ok = rule.conditions.some((c) => ('exists' in c ? c.exists : c.test(candidate.value)));
    if (!ok) continue;
    const next = consistent(chosen, candidate.arrays);
    if (next && matchBranch(rules, fields, i + 1, next)) return true;
  }
  return false;
}

function consistent(
  chosen: Map<number, number>,
  arrays: FieldValue['arrays'],
): Map<number, number> | undefined {
  if (arrays.length === 0) return chosen;
  const next = new Map(chosen);
  for (const [id, index] of arrays) {
    const prior = next.get(id);
    if (prior !== undefined && prior !== index) return undefined;
    next.set(id, index);
  }
  return next;
}
