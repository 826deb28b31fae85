/**
 * The value side of EventBridge event patterns: what may appear inside a leaf array (exact values and the
 * `prefix`, `suffix`, `equals-ignore-case`, `wildcard`, `anything-but`, `numeric`, `cidr`, `exists` operators),
 * how each is validated (messages follow EventBridge's InvalidEventPatternException reasons) and what it matches.
 */
import { parseIp } from './ip-address';

export type Leaf = string | number | boolean | null;

/** The error PutRule answers for an invalid pattern; the message follows EventBridge's wording. */
export class InvalidEventPatternError extends Error {
  override name = 'InvalidEventPatternException';
  constructor(reason: string) {
    super(`Event pattern is not valid. Reason: ${reason}`);
  }
}

/** One value (or existence) test on a field. */
export type Condition = { exists: boolean } | { test: (value: Leaf) => boolean };

export type Json = Leaf | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const fail = (reason: string): never => {
  throw new InvalidEventPatternError(reason);
};

export const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function compileValues(values: Json[]): Condition[] {
  if (values.length === 0) fail('Empty arrays are not allowed');
  return values.map((v) => {
    if (isObject(v)) return compileOperator(v);
    if (Array.isArray(v)) return fail('Match value must be String, number, true, false, or null');
    const expected = v as Leaf;
    return { test: (actual: Leaf) => actual === expected };
  });
}

function compileOperator(expr: JsonObject): Condition {
  const keys = Object.keys(expr);
  if (keys.length === 0) fail('Match expression name not found');
  if (keys.length > 1) fail('Only one key allowed in match expression');
  const op = keys[0] as string;
  const arg = expr[op] as Json;
  switch (op) {
    case 'prefix':
    case 'suffix':
      return { test: affixTest(op, arg) };
    case 'equals-ignore-case': {
      if (typeof arg !== 'string') return fail('equals-ignore-case match pattern must be a string');
      const want = fold(arg);
      return { test: (v) => typeof v === 'string' && fold(v) === want };
    }
    case 'wildcard': {
      if (typeof arg !== 'string') return fail('wildcard match pattern must be a string');
      const re = wildcardRegExp(arg);
      return { test: (v) => typeof v === 'string' && re.test(v) };
    }
    case 'anything-but':
      return { test: anythingButTest(arg) };
    case 'numeric':
      return { test: numericTest(arg) };
    case 'cidr':
      return { test: cidrTest(arg) };
    case 'exists':
      if (typeof arg !== 'boolean') return fail('exists match pattern must be either true or false.');
      return { exists: arg };
    default:
      // Operator names are case-sensitive: "NUMERIC" or "EXISTS" are rejected, not treated as fields.
      return fail(`Unrecognized match type ${op}`);
  }
}

const fold = (s: string) => s.toLowerCase();

/** `prefix` / `suffix` take a string (empty allowed) or `{ "equals-ignore-case": string }`. */
function affixTest(op: 'prefix' | 'suffix', arg: Json): (v: Leaf) => boolean {
  let ignoreCase = false;
  let text: Json = arg;
  if (isObject(arg)) {
    const keys = Object.keys(arg);
    if (keys.length !== 1 || keys[0] !== 'equals-ignore-case') {
      fail(`Unsupported ${op} pattern: ${keys.join(', ')}`);
    }
    ignoreCase = true;
    text = arg['equals-ignore-case'] as Json;
  }
  if (typeof text !== 'string') return fail(`${op} match pattern must be a string`);
  const want = ignoreCase ? fold(text) : text;
  return (v) => {
    if (typeof v !== 'string') return false;
    const have = ignoreCase ? fold(v) : v;
    return op === 'prefix' ? have.startsWith(want) : have.endsWith(want);
  };
}

/**
 * `anything-but` matches any *present* value (null included) that is not excluded; a missing field never matches.
 * It takes a string, a number, a non-empty list of all-strings or all-numbers, or one of
 * `{prefix|suffix|wildcard|equals-ignore-case: string | string[]}`.
 */
function anythingButTest(arg: Json): (v: Leaf) => boolean {
  if (typeof arg === 'string' || typeof arg === 'number') return (v) => v !== arg;
  if (Array.isArray(arg)) {
    if (arg.length === 0) fail('Empty arrays are not allowed');
    const allStrings = arg.every((x) => typeof x === 'string');
    const allNumbers = arg.every((x) => typeof x === 'number');
    if (!allStrings && !allNumbers) {
      if (arg.some((x) => typeof x !== 'string' && typeof x !== 'number')) {
        fail('Inside anything but list, start|null|boolean is not supported.');
      }
      fail('Inside anything but list, either all values are number or string, mixed type is not supported');
    }
    const excluded = new Set<Leaf>(arg as Leaf[]);
    return (v) => !excluded.has(v);
  }
  if (!isObject(arg)) return fail('Value of anything-but must be an array or single string/number value.');
  const keys = Object.keys(arg);
  if (keys.length !== 1) fail('Only one key allowed in match expression');
  const op = keys[0] as string;
  const inner = arg[op] as Json;
  const list = stringList(op, inner);
  let matchesOne: (s: string) => boolean;
  switch (op) {
    case 'prefix':
    case 'suffix':
      // Unlike plain prefix/suffix, the anything-but forms refuse "" and the equals-ignore-case object.
      if (list.some((s) => s === '')) fail('Null prefix/suffix not allowed');
      matchesOne = (s) => list.some((p) => (op === 'prefix' ? s.startsWith(p) : s.endsWith(p)));
      break;
    case 'equals-ignore-case': {
      const folded = new Set(list.map(fold));
      matchesOne = (s) => folded.has(fold(s));
      break;
    }
    case 'wildcard': {
      const res = list.map(wildcardRegExp);
      matchesOne = (s) => res.some((re) => re.test(s));
      break;
    }
    default:
      return fail(`Unsupported anything-but pattern: ${op}`);
  }
  // Values that are not strings (numbers, booleans, null) can't be excluded by a string operator: they match.
  return (v) => typeof v !== 'string' || !matchesOne(v);
}

function stringList(op: string, inner: Json): string[] {
  const list = Array.isArray(inner) ? inner : [inner];
  if (Array.isArray(inner) && inner.length === 0) fail('Empty arrays are not allowed');
  if (!list.every((s) => typeof s === 'string')) {
    if (op === 'equals-ignore-case') {
      fail('Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.');
    }
    fail(`${op} match pattern must be a string`);
  }
  return list as string[];
}

// ---------------------------------------------------------------------------------------------------------------
// wildcard

/**
 * `*` matches zero or more characters; `\*` is a literal star and `\\` a literal backslash; any other escape,
 * consecutive stars, and patterns too complex for EventBridge are rejected.
 */
function wildcardRegExp(pattern: string): RegExp {
  let source = '';
  let stars = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next !== '*' && next !== '\\') fail(`Invalid escape character at pos ${i + 1}`);
      source += `\\${next}`;
      i++;
    } else if (c === '*') {
      if (pattern[i + 1] === '*') fail(`Consecutive wildcard characters at pos ${i + 1}`);
      source += '[\\s\\S]*';
      stars++;
    } else {
      source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  // EventBridge rejects wildcard patterns whose matching machine would be too non-deterministic. Its exact
  // complexity measure is internal; AWS accepts the documented multi-wildcard examples and rejects six wildcards
  // in one value (e.g. "*:*:*:*:*:event-bus/*"), so more than five is treated as too complex.
  if (stars > 5) {
    fail(
      'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character',
    );
  }
  return new RegExp(`^${source}$`, 'u');
}

// ---------------------------------------------------------------------------------------------------------------
// numeric

/**
 * `["=", n]`, `["<" | "<=", n]`, or `[">" | ">=", n]` optionally followed by `"<" | "<=", m` with n < m.
 * Only JSON numbers in the event match (the string "300" does not).
 */
function numericTest(arg: Json): (v: Leaf) => boolean {
  if (!Array.isArray(arg)) return fail('Value of numeric must be an array.');
  const [op, value, op2, value2, ...rest] = arg;
  const needNumber = (n: Json | undefined, name: string): number =>
    typeof n === 'number' && Number.isFinite(n) ? n : fail(`Value of ${name} must be numeric`);
  if (typeof op !== 'string') return fail(`Invalid member in numeric match: ${JSON.stringify(op ?? ']')}`);
  const isNum = (v: Leaf): v is number => typeof v === 'number';
  switch (op) {
    case '=': {
      const n = needNumber(value, 'equals');
      if (arg.length > 2) fail('Too many elements in numeric expression');
      return (v) => isNum(v) && v === n;
    }
    case '<':
    case '<=': {
      const top = needNumber(value, op);
      // A range must start with its lower bound: ["<", 10, ">", 0] is rejected.
      if (arg.length > 2) fail('Too many elements in numeric expression');
      return (v) => isNum(v) && (op === '<' ? v < top : v <= top);
    }
    case '>':
    case '>=': {
      const bottom = needNumber(value, op);
      const above = (v: number) => (op === '>' ? v > bottom : v >= bottom);
      if (arg.length === 2) return (v) => isNum(v) && above(v);
      if (op2 !== '<' && op2 !== '<=') {
        return typeof op2 === 'string'
          ? fail(`Bad numeric range operator: ${op2}`)
          : fail(`Bad value in numeric range: ${JSON.stringify(op2)}`);
      }
      const top = needNumber(value2, op2);
      if (rest.length > 0) fail('Too many terms in numeric range expression');
      if (bottom >= top) fail('Bottom must be less than top');
      return (v) => isNum(v) && above(v) && (op2 === '<' ? v < top : v <= top);
    }
    default:
      return fail(`Unrecognized numeric range operator: ${op}`);
  }
}

function cidrTest(arg: Json): (v: Leaf) => boolean {
  // EventBridge's message for a non-string cidr really does say "prefix".
  if (typeof arg !== 'string') return fail('prefix match pattern must be a string');
  const parts = arg.split('/');
  if (parts.length !== 2) return fail("Malformed CIDR, one '/' required");
  const [address, maskText] = parts as [string, string];
  if (!/^\d+$/.test(maskText)) return fail('Malformed CIDR, mask bits must be an integer');
  const net = parseIp(address);
  if (!net) return fail(`Nonstandard IP address: ${address}`);
  const mask = Number(maskText);
  if (mask > net.bits) return fail(`Malformed CIDR, mask bits must be between 0 and ${net.bits}`);
  const shift = BigInt(net.bits - mask);
  const network = net.value >> shift;
  return (v) => {
    if (typeof v !== 'string') return false;
    const ip = parseIp(v);
    return ip !== undefined && ip.bits === net.bits && ip.value >> shift === network;
  };
}
