/**
 * Which Cognito calls need AWS credentials, as on AWS: the public API a page or app uses (sign-up, sign-in, codes,
 * the signed-in user's own calls, authorized by their tokens) is unsigned; every other operation — `Admin*` and the
 * pool's management — needs a SigV4 signature (service `cognito-idp`). cognito-local checks none, so the local
 * cloud checks them in front of it, with the local credentials, as its other stand-ins do.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from './listen';
import { type SigningCredentials, signatureErrorType, verifySigV4 } from './sigv4';

/** Cognito's operations that take no AWS credentials ("unauthenticated" or "authorized by a token" in its API). */
const unsignedOperations = new Set([
  'AssociateSoftwareToken',
  'ChangePassword',
  'CompleteWebAuthnRegistration',
  'ConfirmDevice',
  'ConfirmForgotPassword',
  'ConfirmSignUp',
  'DeleteUser',
  'DeleteUserAttributes',
  'DeleteWebAuthnCredential',
  'ForgetDevice',
  'ForgotPassword',
  'GetDevice',
  'GetTokensFromRefreshToken',
  'GetUser',
  'GetUserAttributeVerificationCode',
  'GetUserAuthFactors',
  'GlobalSignOut',
  'InitiateAuth',
  'ListDevices',
  'ListWebAuthnCredentials',
  'ResendConfirmationCode',
  'RespondToAuthChallenge',
  'RevokeToken',
  'SetUserMFAPreference',
  'SetUserSettings',
  'SignUp',
  'StartWebAuthnRegistration',
  'UpdateDeviceStatus',
  'UpdateUserAttributes',
  'VerifySoftwareToken',
  'VerifyUserAttribute',
]);

const targetPrefix = 'AWSCognitoIdentityProviderService.';

/** True for a call that must be signed: an AWS JSON call (X-Amz-Target) to any operation but the public ones. */
export function needsSignature(req: IncomingMessage): boolean {
  const target = req.headers['x-amz-target'];
  if (req.method !== 'POST' || typeof target !== 'string') return false;
  const operation = target.startsWith(targetPrefix) ? target.slice(targetPrefix.length) : target;
  return !unsignedOperations.has(operation);
}

/**
 * Reads the call and checks its signature. Refused: answers as Cognito does (400, the exception's name in `__type`
 * and `x-amzn-ErrorType`) and resolves false. Accepted: hands the parsed body on as body-parser would have (it
 * skips a request whose `_body` is set, the stream being read already) and resolves true.
 */
export async function admitSigned(
  req: IncomingMessage,
  res: ServerResponse,
  credentials: SigningCredentials,
): Promise<boolean> {
  const { body } = await readBody(req);
  const verdict = await verifySigV4(
    { method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, body },
    credentials,
    'cognito-idp',
  );
  if (!verdict.ok) {
    const type = signatureErrorType(verdict.code);
    const payload = Buffer.from(JSON.stringify({ __type: type, message: verdict.reason }));
    res
      .writeHead(400, {
        'content-type': 'application/x-amz-json-1.1',
        'content-length': String(payload.length),
        'x-amzn-requestid': randomUUID(),
        'x-amzn-errortype': type,
      })
      .end(payload);
    return false;
  }
  let parsed: unknown = {};
  try {
    parsed = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch {
    // Left to cognito-local, which answers a body it cannot read as it would.
    parsed = {};
  }
  Object.assign(req, { _body: true, body: parsed });
  return true;
}
