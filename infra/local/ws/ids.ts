import { randomInt } from 'node:crypto';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const lastChars = 'AEIMQUYcgkosw048';

/**
 * An id shaped like API Gateway's WebSocket ids (connection, request and message ids alike), e.g.
 * 'Lx1Nfe2QIAMCJvQ=': 16 characters, base64 of 11 bytes, so always one '=' of padding. Real ones contain
 * that '=' and callers must URL-encode them on the @connections path, so ours do too. We skip '+' and '/':
 * real ids look alphanumeric and a '/' would make un-encoded paths ambiguous in a way AWS never shows.
 */
export function apiGatewayId(): string {
  let id = '';
  for (let i = 0; i < 14; i++) id += alphabet[randomInt(alphabet.length)];
  // The last character before '=' carries only 4 data bits, so valid base64 ends in one of these.
  return `${id}${lastChars[randomInt(lastChars.length)]}=`;
}

/**
 * Whether `text` has the shape of a connection id: 16 characters of base64 (11 bytes) with its one '='. API
 * Gateway answers an @connections call whose id is not of this shape with 400 BadRequestException
 * (`Invalid connectionId: …`), and a well-formed id it does not know with 410 GoneException. We accept the whole
 * base64 alphabet, '+' and '/' included, and do not insist on canonical trailing bits: a lenient check cannot
 * turn a real id into a 400.
 */
export function isApiGatewayId(text: string): boolean {
  return /^[A-Za-z0-9+/]{15}=$/.test(text);
}
