import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

/** The bot's reply path failed; the event is retried and, in the end, lands in the dead-letter queue. */
export class ReplyFailedError extends Error {
  override readonly name = 'ReplyFailedError';
}

/**
 * Posts the bot's replies through the HTTP API exactly as a client would, on the IAM-authorized route: the
 * request is SigV4-signed (service `execute-api`) with the function's own role credentials.
 */
export class BotApiClient {
  private readonly signer: SignatureV4;

  constructor(
    private readonly baseUrl: string,
    region: string,
    private readonly timeoutMs: number,
  ) {
    this.signer = new SignatureV4({
      service: 'execute-api',
      region,
      credentials: defaultProvider(),
      sha256: Sha256,
    });
  }

  async postMessage(roomId: string, text: string, correlationId?: string): Promise<{ messageId: string }> {
    const url = new URL(
      `${this.baseUrl.replace(/\/$/, '')}/bot/rooms/${encodeURIComponent(roomId)}/messages`,
    );
    const body = JSON.stringify({ text });
    const signed = await this.signer.sign(
      new HttpRequest({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        headers: {
          host: url.host,
          'content-type': 'application/json',
          ...(correlationId ? { 'x-correlation-id': correlationId } : {}),
        },
        body,
      }),
    );
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: signed.headers,
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new ReplyFailedError(`The HTTP API could not be reached: ${(err as Error).message}`);
    }
    const text2 = await response.text();
    if (response.status !== 201) {
      throw new ReplyFailedError(`The HTTP API answered ${response.status}: ${text2.slice(0, 200)}`);
    }
    return (JSON.parse(text2) as { message: { messageId: string } }).message;
  }
}
