/**
 * What the person has not read, per room: the `unread` and `mentions` counts GET /rooms gives with a token, kept
 * current by live messages and cleared as the person reads. Pure: no DOM, no network.
 */
import { limits } from '../lambdas/contract/limits';
import { mentionsMe } from './message-changes';
import type { ChatMessage } from './types';

export interface RoomCounts {
  unread: number;
  mentions: number;
}

const none: RoomCounts = { unread: 0, mentions: 0 };

/** The server counts up to `limits.unread.max`, which means "that many or more". */
export function countLabel(n: number): string {
  return n >= limits.unread.max ? `${limits.unread.max - 1}+` : String(n);
}

/** "3 unread, 1 mention": what a screen reader says after the room's name. Empty when nothing is unread. */
export function countsDescription({ unread, mentions }: RoomCounts): string {
  if (unread === 0 && mentions === 0) return '';
  const parts = [`${countLabel(unread)} unread`];
  if (mentions > 0) parts.push(`${countLabel(mentions)} ${mentions === 1 ? 'mention' : 'mentions'}`);
  return parts.join(', ');
}

/**
 * How long the server's counts for a room the page has just read are not believed: its read marker goes out after
 * a short settle time (read-marker.ts) over the socket, while GET /rooms goes over HTTP, so a listing asked in
 * the meantime still counts what was read.
 */
const readSettleMs = 5_000;

export class UnreadCounts {
  private readonly counts = new Map<string, RoomCounts>();
  /** When each room was last read here. */
  private readonly readAt = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  get(roomId: string): RoomCounts {
    return this.counts.get(roomId) ?? none;
  }

  /** Every room with something unread. */
  all(): ReadonlyMap<string, RoomCounts> {
    return this.counts;
  }

  /** Call before asking GET /rooms; hand the result to `fromServer` with it. */
  mark(): number {
    return this.now();
  }

  /**
   * The server's counts (GET /rooms with a token) for the rooms it listed, but for the open room (the socket
   * tells the page all that happens there, and what is on screen is read) and a room read just before the
   * listing was asked (`readSettleMs`).
   */
  fromServer(
    rooms: readonly { roomId: string; unread?: number; mentions?: number }[],
    mark: number,
    openRoom?: string,
  ): void {
    for (const room of rooms) {
      if (room.unread === undefined || room.roomId === openRoom) continue;
      if ((this.readAt.get(room.roomId) ?? Number.NEGATIVE_INFINITY) > mark - readSettleMs) continue;
      this.set(room.roomId, { unread: room.unread, mentions: room.mentions ?? 0 });
    }
  }

  /** A live message: counted unless the person sent it. True when a count changed. */
  arrived(message: ChatMessage, me: string | null): boolean {
    if (message.sender === me || message.deleted) return false;
    const { unread, mentions } = this.get(message.roomId);
    const cap = (n: number) => Math.min(n, limits.unread.max);
    this.set(message.roomId, {
      unread: cap(unread + 1),
      mentions: cap(mentions + (mentionsMe(message, me) ? 1 : 0)),
    });
    return true;
  }

  /** The person has read the room up to its newest message. True when a count changed. */
  read(roomId: string): boolean {
    this.readAt.set(roomId, this.now());
    return this.counts.delete(roomId);
  }

  private set(roomId: string, counts: RoomCounts): void {
    if (counts.unread === 0 && counts.mentions === 0) this.counts.delete(roomId);
    else this.counts.set(roomId, counts);
  }
}
