/**
 * A Lambda REQUEST authorizer on `$connect`, judged the way API Gateway judges it: the error message
 * 'Unauthorized' means 401, a policy that does not allow the $connect ARN means 403, anything malformed 500.
 */
import type { Invoke } from '../types';

export type AuthorizerOutcome =
  | { allowed: true; authorizer: Record<string, unknown> }
  | { allowed: false; statusCode: 401 | 403 | 500 };

const forbidden = { allowed: false, statusCode: 403 } as const;
const misconfigured = { allowed: false, statusCode: 500 } as const;

export async function runAuthorizer(
  invoke: Invoke,
  functionName: string,
  event: unknown,
  methodArn: string,
): Promise<AuthorizerOutcome> {
  const started = Date.now();
  let result: unknown;
  try {
    result = await invoke(functionName, event);
  } catch (err) {
    // The documented way for an authorizer to answer 401 is to fail with exactly this message.
    return { allowed: false, statusCode: (err as Error)?.message === 'Unauthorized' ? 401 : 500 };
  }
  if (!isRecord(result) || !isRecord(result.policyDocument)) return misconfigured;
  const statements = [result.policyDocument.Statement].flat();
  if (!statements.every(isRecord)) return misconfigured;

  const applicable = statements.filter(
    (s) => matchesAny(s.Action, 'execute-api:Invoke', true) && matchesAny(s.Resource, methodArn, false),
  );
  // An explicit Deny wins over any Allow; no applicable Allow is an implicit deny (403 either way). This is
  // the classic trap of policies scoped to '.../stage/*/*', which never match '.../stage/$connect'.
  if (applicable.some((s) => s.Effect === 'Deny') || !applicable.some((s) => s.Effect === 'Allow')) {
    return forbidden;
  }

  const context = result.context ?? {};
  if (!isRecord(context)) return misconfigured;
  const authorizer: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(context)) {
    if (value === undefined) continue;
    if (value === null) authorizer[key] = null;
    // API Gateway stringifies every context value ("123", "true"); objects and arrays are rejected with
    // a 500 (AuthorizerConfigurationException).
    else if (['string', 'number', 'boolean'].includes(typeof value)) authorizer[key] = String(value);
    else return misconfigured;
  }
  if (typeof result.principalId === 'string') authorizer.principalId = result.principalId;
  authorizer.integrationLatency = Date.now() - started;
  return { allowed: true, authorizer };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** IAM-style matching: `*` any run of characters, `?` one character; actions are case-insensitive. */
function matchesAny(patterns: unknown, value: string, ignoreCase: boolean): boolean {
  return [patterns].flat().some((pattern) => {
    if (typeof pattern !== 'string') return false;
    const source = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
  });
}
