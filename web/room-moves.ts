/**
 * Which room the socket sits in. A connection joins the room its URL names; a switch while connected sends
 * `joinRoom`, and the server's presence frame for that room says the move is done (DESIGN.md §3). This keeps
 * the page and the socket agreeing through quick switches and reconnects.
 */
import type { JoinRoomFrame } from '../lambdas/contract/websocket';

export class RoomMoves {
  /** The room named in the URL of the socket being opened. */
  private urlRoom: string | null = null;
  /** The room a joinRoom was sent for, until the server's presence frame says the move is done. */
  private awaiting: string | null = null;

  /** `send` is the socket's: false when it is not connected. */
  constructor(private readonly send: (frame: JoinRoomFrame) => boolean) {}

  /** A connection is being opened with `roomId` in its URL. */
  connecting(roomId: string): void {
    this.urlRoom = roomId;
  }

  /** The socket is open: if the person switched while it was connecting, move it to the open room. */
  opened(current: string): void {
    if (this.urlRoom !== current) this.join(current);
  }

  /** The next connection names the current room in its URL: no move is pending any more. */
  closed(): void {
    this.awaiting = null;
  }

  /** The person opened another room. If the socket is not up, the next connection names it instead. */
  switched(roomId: string): void {
    this.join(roomId);
  }

  /**
   * A message frame came from `roomId`. One from another room, with no move pending, means the socket sits
   * there (two quick switches and the last move won): move it.
   */
  messageFrom(roomId: string, current: string): void {
    if (roomId !== current && this.awaiting === null) this.join(current);
  }

  /** A presence frame for `roomId`: true when it ends the pending move (time to catch up on that room). */
  presence(roomId: string): boolean {
    if (roomId !== this.awaiting) return false;
    this.awaiting = null;
    return true;
  }

  private join(roomId: string): void {
    if (this.send({ action: 'joinRoom', roomId })) this.awaiting = roomId;
  }
}
