import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Identity } from '../core/identity';
import type { IdentityCheckDeps } from '../core/identity-check';
import { requirePerson } from './auth';

/** Who a Bearer token speaks for: the name they act under and how they signed in. */
export interface Person {
  name: string;
  identity: Identity;
}

/** Checks a request's Bearer token: the person, or `unauthorized`/`token_expired`. */
export type Authenticate = (event: APIGatewayProxyEventV2, nowMs: number) => Promise<Person>;

/** The one identity check of both kinds of token (auth.ts), as the message actions and GET /rooms take it. */
export function bearerAuthenticate(identityCheck: IdentityCheckDeps): Authenticate {
  return (event, nowMs) => requirePerson(event, identityCheck, nowMs);
}

/** Whether the request carries an `Authorization` header at all (GET /rooms counts unread only then). */
export function hasAuthorization(event: APIGatewayProxyEventV2): boolean {
  return (event.headers?.authorization ?? '') !== '';
}
