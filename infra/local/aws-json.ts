/**
 * A minimal AWS JSON 1.1 protocol server (the protocol of EventBridge and Secrets Manager): every call is a POST
 * to `/` naming its operation in `X-Amz-Target` (`AWSEvents.PutEvents`), with a JSON body. Errors carry the
 * exception name in both `__type` and the `x-amzn-ErrorType` header, which is what the SDK reads to throw the
 * matching exception class. Like the real services, it serves only requests signed (SigV4) with the local
 * credentials; anything else gets the error AWS gives (`MissingAuthenticationTokenException` when unsigned).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen, readBody } from './listen';
import { type SigningCredentials, signatureErrorType, verifySigV4 } from './sigv4';
import type { RunningService } from './types';

export class AwsJsonError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
    this.name = type;
  }
}

export type AwsJsonOperation = (input: Record<string, unknown>) => unknown | Promise<unknown>;

const contentType = 'application/x-amz-json-1.1';

export interface AwsJsonServerOptions {
  /** Keyed by the full X-Amz-Target value, e.g. `secretsmanager.GetSecretValue`. */
  operations: Record<string, AwsJsonOperation>;
  /** The SigV4 signing name of the service (`events`, `secretsmanager`) and the credentials it accepts. */
  signing: { service: string; credentials: SigningCredentials };
  port?: number;
}

export async function startAwsJsonServer({
  operations,
  signing,
  port,
}: AwsJsonServerOptions): Promise<RunningService> {
  const handle = async (req: IncomingMessage): Promise<unknown> => {
    const { body } = await readBody(req);
    const verdict = await verifySigV4(
      { method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, body },
      signing.credentials,
      signing.service,
    );
    // AWS JSON services answer every signature failure with 400 and the exception name in `__type`.
    if (!verdict.ok) throw new AwsJsonError(signatureErrorType(verdict.code), verdict.reason);
    const target = req.headers['x-amz-target'];
    const operation =
      typeof target === 'string' && Object.hasOwn(operations, target) ? operations[target] : undefined;
    if (req.method !== 'POST' || !operation) {
      throw new AwsJsonError('UnknownOperationException', `Unknown operation ${String(target ?? '')}`.trim());
    }
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      throw new AwsJsonError('SerializationException', 'Start of structure or map found where not expected.');
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new AwsJsonError('SerializationException', 'Start of structure or map found where not expected.');
    }
    return operation(input as Record<string, unknown>);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    handle(req).then(
      (output) => reply(res, 200, output ?? {}),
      (err: unknown) => {
        const error =
          err instanceof AwsJsonError
            ? err
            : new AwsJsonError('InternalException', err instanceof Error ? err.message : String(err), 500);
        reply(res, error.statusCode, { __type: error.type, message: error.message }, error.type);
      },
    );
  });
  return listen(server, port);
}

function reply(res: ServerResponse, status: number, payload: unknown, errorType?: string): void {
  const body = Buffer.from(JSON.stringify(payload));
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': String(body.length),
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(body);
}
