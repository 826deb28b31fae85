/**
 * What Lambda itself puts into every execution environment: the reserved environment variables and the names
 * the context object reports. Values follow AWS's documented formats ("Defined runtime environment variables"),
 * so code that reads them (the SDK, Powertools, our handlers) sees locally what it sees on Lambda.
 */
import { randomBytes } from 'node:crypto';
import { functionBundling, lambdaRuntime } from '../bundling';
import type { FunctionSpec } from '../spec';
import { localCredentials } from './types';

export function functionArn(name: string): string {
  return `arn:aws:lambda:${localCredentials.region}:${localCredentials.accountId}:function:${name}`;
}

export function logGroupName(name: string): string {
  return `/aws/lambda/${name}`;
}

/** One stream per execution environment: `2026/11/29/[$LATEST]` + 32 hex digits. */
export function logStreamName(now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/**
 * Variables Lambda sets that a function may override with its own configuration (the docs call them unreserved):
 * `TZ=:UTC` first of all. A separate process per sandbox is what makes it real: the time zone is process-wide,
 * so a worker thread would share the host's.
 */
export function defaultEnvironment(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    NODE_OPTIONS: functionBundling.nodeOptions,
  };
}

/**
 * The reserved variables of one sandbox (a function's configuration cannot change them). The credentials are
 * temporary-style, with a session token, as the execution role's are.
 */
export function reservedEnvironment(fn: FunctionSpec, taskRoot: string): Record<string, string> {
  return {
    _HANDLER: functionBundling.handler,
    AWS_EXECUTION_ENV: lambdaRuntime.executionEnv,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: logGroupName(fn.name),
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName(),
    LAMBDA_TASK_ROOT: taskRoot,
    LAMBDA_RUNTIME_DIR: taskRoot,
    AWS_REGION: localCredentials.region,
    AWS_DEFAULT_REGION: localCredentials.region,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_SESSION_TOKEN: localCredentials.sessionToken,
  };
}
