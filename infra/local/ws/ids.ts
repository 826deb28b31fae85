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
