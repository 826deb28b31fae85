import type { Session } from './tokens';

/**
 * Who acts, for limits kept per person. Today every identity is a guest, named by its token; accounts (issue 12)
 * add the `account` kind, whose limits may differ, and their own ids. Keys built from an identity carry its kind,
 * so a guest named like an account never shares the account's allowance.
 */
export type IdentityKind = 'guest' | 'account';

export interface Identity {
  kind: IdentityKind;
  id: string;
}

export function identityOf(session: Session): Identity {
  return { kind: 'guest', id: session.name };
}

/** The key of an identity's allowance for one kind of action (e.g. `rooms`). */
export function identityKey(action: string, identity: Identity): string {
  return `${action}#${identity.kind}#${identity.id}`;
}
