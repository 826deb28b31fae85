/**
 * What a person reads when private rooms, direct messages or moderation say no (issue 16): the server's codes
 * turned into plain sentences with the time a mute or removal ends ("You are muted until 14:05").
 */
import { ApiError, errorText } from './api';
import { formatTime } from './format';

/** `muted` and `removed` with their `until`; null for any other code (the server's own words stand). */
export function silencedText(
  code: string,
  until: string | undefined,
  now: Date,
  roomName?: string,
): string | null {
  const when = until ? formatTime(until, now) : '';
  const where = roomName ? ` from ${roomName}` : ' from this room';
  if (code === 'muted')
    return when
      ? `You are muted until ${when}: you can read but not post here.`
      : 'You are muted: you can read but not post here.';
  if (code === 'removed') return when ? `You are removed${where} until ${when}.` : `You are removed${where}.`;
  return null;
}

/** A failed POST /dms: who the other person cannot be, in words. */
export function dmErrorText(err: unknown, name: string): string {
  if (err instanceof ApiError) {
    if (err.code === 'account_not_found')
      return `No account is named “${name}”. Direct messages are between accounts (not guests).`;
    if (err.code === 'forbidden')
      return 'Direct messages are for accounts: sign in with an account to send one.';
    if (err.code === 'invalid_request') return 'That is you: pick someone else.';
  }
  return errorText(err);
}

/** A failed member or moderation call: the common refusals in words, the server's own otherwise. */
export function accessErrorText(err: unknown, name?: string): string {
  if (err instanceof ApiError) {
    if (err.code === 'account_not_found')
      return `No account is named “${name ?? ''}”: only accounts can be members or moderators.`;
    if (err.code === 'forbidden') return `Not allowed: ${err.message}`;
    if (err.code === 'room_not_found') return 'This room is gone, or you are no longer in it.';
  }
  return errorText(err);
}

/** The notice of a `removed` frame: why, and until when if the removal ends. */
export function removedNotice(
  frame: { reason: string; until?: string },
  roomName: string,
  now: Date,
): string {
  if (frame.reason === 'left') return `You left ${roomName}.`;
  if (frame.reason === 'membership ended')
    return `You are no longer a member of ${roomName}. You are in the lobby.`;
  const why = frame.reason && frame.reason !== 'removed' ? ` Reason: ${frame.reason}.` : '';
  const until = frame.until ? ` You can come back at ${formatTime(frame.until, now)}.` : '';
  return `A moderator removed you from ${roomName}.${why}${until} You are in the lobby.`;
}
