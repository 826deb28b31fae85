// The contract's modules one by one, not its index: the page's bundle then holds only the schemas it uses.
import * as v from 'valibot';
import { errorCodes } from '../lambdas/contract/errors';
import { ServerFrameSchema } from '../lambdas/contract/websocket';
import type { ServerFrame } from './types';

/** `${webSocketUrl}?token=…&roomId=…`; the token travels in the query because browsers cannot set headers. */
export function socketUrl(webSocketUrl: string, token: string, roomId: string): string {
  const separator = webSocketUrl.includes('?') ? '&' : '?';
  return `${webSocketUrl}${separator}token=${encodeURIComponent(token)}&roomId=${encodeURIComponent(roomId)}`;
}

/** Members arrive as names (presence frames) or as `{name}` objects (REST); sorted, deduplicated names. */
export function normalizeMembers(members: unknown): string[] {
  if (!Array.isArray(members)) return [];
  const names = new Set<string>();
  for (const m of members) {
    const name = typeof m === 'string' ? m : (m as { name?: unknown } | null)?.name;
    if (typeof name === 'string' && name.length > 0) names.add(name);
  }
  return [...names].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
}

/**
 * Validates a frame from the server against the contract (ServerFrameSchema); anything malformed or unknown
 * gives null and is ignored. An `error` frame is never dropped: the page must still mark the message it names.
 */
export function parseServerFrame(data: unknown): ServerFrame | null {
  if (typeof data !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return null;
  }
  const result = v.safeParse(ServerFrameSchema, parsed);
  if (result.success) {
    const frame = result.output;
    // Shown as a list: sorted the way people read names, whatever order the server used.
    return frame.type === 'presence' ? { ...frame, members: normalizeMembers(frame.members) } : frame;
  }
  return isRecord(parsed) && parsed.type === 'error' ? lenientError(parsed) : null;
}

function lenientError(f: Record<string, unknown>): ServerFrame {
  const code = errorCodes.find((c) => c === f.code) ?? 'internal';
  return {
    type: 'error',
    code,
    message: typeof f.message === 'string' ? f.message : 'Something went wrong.',
    ...(typeof f.clientMessageId === 'string' ? { clientMessageId: f.clientMessageId } : {}),
  };
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
