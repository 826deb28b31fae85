import { ChatError } from '../../../../lambdas/core/errors';
import type { AccountClaims, AccountTokenVerifier } from '../../../../lambdas/core/identity-check';
import type { RevokedSignIns } from '../../../../lambdas/core/session-check';

/** Revoked sign-ins in memory, with the table's condition: a sign-in is revoked once; expired records are not. */
export class MemoryRevokedSignIns implements RevokedSignIns {
  readonly revoked = new Map<string, number>();
  readonly calls: string[] = [];

  async revoke(sessionId: string, untilSeconds: number): Promise<boolean> {
    this.calls.push(`revoke ${sessionId}`);
    if (this.revoked.has(sessionId)) return false;
    this.revoked.set(sessionId, untilSeconds);
    return true;
  }

  async isRevoked(sessionId: string, nowSeconds: number): Promise<boolean> {
    this.calls.push(`isRevoked ${sessionId}`);
    return (this.revoked.get(sessionId) ?? 0) > nowSeconds;
  }
}

/** An account verifier that accepts the tokens it was given (token → claims) and refuses the rest. */
export class FakeAccountTokens implements AccountTokenVerifier {
  readonly asked: string[] = [];
  constructor(private readonly accepted: Record<string, AccountClaims> = {}) {}

  async verify(token: string): Promise<AccountClaims> {
    this.asked.push(token);
    const claims = this.accepted[token];
    if (!claims) throw new ChatError('unauthorized', 'The token is not valid: sign in again');
    return claims;
  }
}
