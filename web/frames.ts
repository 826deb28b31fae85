import { isChatMessage } from './message-order';
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

const str = (v: unknown): v is string => typeof v === 'string';

/** Validates a frame from the server; anything malformed or unknown gives null and is ignored. */
export function parseServerFrame(data: unknown): ServerFrame | null {
  if (typeof data !== 'string') return null;
  let f: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed !== 'object' || parsed === null) return null;
    f = parsed as Record<string, unknown>;
  } catch {
    return null;
  }
  switch (f.type) {
    case 'message':
      return isChatMessage(f.message) ? { type: 'message', message: f.message } : null;
    case 'ack':
      return str(f.clientMessageId) && str(f.messageId)
        ? { type: 'ack', clientMessageId: f.clientMessageId, messageId: f.messageId }
        : null;
    case 'error':
      return {
        type: 'error',
        code: str(f.code) ? f.code : 'Error',
        message: str(f.message) ? f.message : 'Something went wrong.',
        ...(str(f.clientMessageId) ? { clientMessageId: f.clientMessageId } : {}),
      };
    case 'presence':
      return str(f.roomId)
        ? { type: 'presence', roomId: f.roomId, members: normalizeMembers(f.members) }
        : null;
    case 'typing':
      return str(f.roomId) && str(f.name) ? { type: 'typing', roomId: f.roomId, name: f.name } : null;
    case 'pong':
      return { type: 'pong' };
    default:
      return null;
  }
}
