import { fanOut } from './fan-out';
import type { Clock, ConnectionStore, SocketSender, TypingGate } from './ports';
import { validateRoomId } from './validation';

export interface TypingDeps {
  connections: ConnectionStore;
  sockets: SocketSender;
  clock: Clock;
  typingGate: TypingGate;
  /** At most one `typing` per socket is passed on in this many ms (LIMIT_TYPING_INTERVAL_MS). */
  typingIntervalMs: number;
}

/**
 * `typing`: tells the others in the socket's room. What is not passed on is dropped without a word (no error
 * frame): a second `typing` inside the interval, and one naming a room the socket is not in (which also covers
 * a `typing` for the next room racing ahead of its `joinRoom`). Typing is a hint that expires by itself, so a
 * dropped one costs the person nothing and an error frame would only make noise. Returns whether it was passed on.
 */
export async function typing(
  deps: TypingDeps,
  input: { connectionId: string; name: string; roomId: unknown },
): Promise<boolean> {
  const roomId = validateRoomId(input.roomId);
  const nowMs = deps.clock.now();
  if (!(await deps.typingGate.tryTyping(input.connectionId, roomId, nowMs, deps.typingIntervalMs)))
    return false;
  await fanOut(deps, roomId, { type: 'typing', roomId, name: input.name }, nowMs, {
    exclude: input.connectionId,
  });
  return true;
}
