import type { Session } from './tokens';
import type { SenderType } from './types';

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

/**
 * The kind of identity an `identityKey` names, for a limiter whose allowance differs by kind (adapters/
 * message-rate.ts); any other key counts as a guest's, the lower limit.
 */
export function kindOfKey(key: string): IdentityKind {
  return key.split('#')[1] === 'account' ? 'account' : 'guest';
}

/** The identity behind a message's sender: a `user` is an account, anyone else a guest. */
export function identityOfSender(name: string, senderType: SenderType): Identity {
  return { kind: senderType === 'user' ? 'account' : 'guest', id: name };
}

/** What a message from this identity says of its sender: an account's name is a `user`'s, a guest's a `guest`'s. */
export function senderTypeOf(identity: Identity): SenderType {
  return identity.kind === 'account' ? 'user' : 'guest';
}
