/**
 * What people do with messages once posted, wired together for the page: the actions on a message (reply, react,
 * edit, delete), the frames that report them (`messageUpdated`, `messageDeleted`), unread and mention counts with
 * the read marker, and mention notifications. app.ts hands it the page's parts; the logic lives in
 * message-actions.ts, message-changes.ts, unread.ts, read-marker.ts and mention-notifier.ts.
 */
import type { ClientFrame } from '../lambdas/contract/websocket';
import type { Clock } from './clock';
import { DomComposeModeView } from './compose-mode-view';
import { MentionNotifier, type Notifications } from './mention-notifier';
import { MessageActions } from './message-actions';
import { isDeleted } from './message-changes';
import { ReadMarker } from './read-marker';
import type { Timeline } from './timeline-state';
import type { TimelineView } from './timeline-view';
import type { ChatMessage } from './types';
import { UnreadCounts } from './unread';

export interface MessageFeaturesDeps {
  timeline: Timeline;
  timelineView: () => TimelineView;
  room: () => string;
  me: () => string | null;
  /** The socket's send: false when it is not connected. */
  send: (frame: ClientFrame) => boolean;
  clock: Clock;
  notifications: Notifications | null;
  /** The tab is hidden (another tab, a minimised window): nothing shown is being read. */
  hidden: () => boolean;
  /** Opens a room (a notification was clicked). */
  select: (roomId: string) => void;
  showError: (message: string) => void;
  /** Asks the person to confirm a deletion. */
  confirm: (question: string) => boolean;
  /** The room list's counts changed. */
  showCounts: () => void;
  /** The reader moderates the open room: deletes anyone's message (issue 16). */
  canModerate?: () => boolean;
  composeMode: {
    bar: HTMLElement;
    text: HTMLElement;
    cancel: HTMLButtonElement;
    input: HTMLTextAreaElement;
    /** The box's text was set from here (an edit began or ended): its counter follows. */
    onText: () => void;
  };
}

export class MessageFeatures {
  readonly unread: UnreadCounts;
  readonly actions: MessageActions;
  private readonly readMarker: ReadMarker;
  private readonly notifier: MentionNotifier;
  private readonly modeView: DomComposeModeView;

  constructor(private readonly deps: MessageFeaturesDeps) {
    const { bar, text, cancel, input, onText } = deps.composeMode;
    this.modeView = new DomComposeModeView({ bar, text, cancel, input }, onText, (said) =>
      deps.timelineView().announce(said),
    );
    this.actions = new MessageActions({
      timeline: deps.timeline,
      room: deps.room,
      me: deps.me,
      send: deps.send,
      view: this.modeView,
      confirmDelete: () => deps.confirm('Delete this message for everyone? This cannot be undone.'),
      showError: deps.showError,
      canModerate: deps.canModerate,
    });
    this.modeView.bind(() => this.actions.cancel());
    this.readMarker = new ReadMarker({
      clock: deps.clock,
      send: (marker) => deps.send({ action: 'markRead', ...marker }),
    });
    this.unread = new UnreadCounts(this.readMarker);
    this.notifier = new MentionNotifier({
      notifications: deps.notifications,
      hidden: deps.hidden,
      me: deps.me,
      open: deps.select,
    });
  }

  /** A `message` frame (already in the timeline): counted as unread until seen; a notification if it calls me. */
  messageArrived(message: ChatMessage): void {
    if (this.unread.arrived(message, this.deps.me())) this.deps.showCounts();
    this.notifier.arrived(message);
  }

  /** A `messageUpdated` frame: an edit (announced) or a change of reactions. */
  messageUpdated(message: ChatMessage): void {
    const held = this.deps.timeline.message(message.roomId, message.messageId);
    if (!this.deps.timeline.update(message) || !held) return;
    if (message.roomId === this.deps.room() && message.editedAt && message.editedAt !== held.editedAt)
      this.deps.timelineView().announce(`${message.sender} edited a message.`);
  }

  /** A `messageDeleted` frame: the message becomes a tombstone (announced); a reply or edit of it is cancelled. */
  messageDeleted(roomId: string, messageId: string): void {
    const held = this.deps.timeline.message(roomId, messageId);
    if (!this.deps.timeline.remove(roomId, messageId) || !held || isDeleted(held)) return;
    this.actions.deleted(roomId, messageId);
    if (roomId === this.deps.room()) this.deps.timelineView().announce(`${held.sender} deleted a message.`);
  }

  /**
   * What is on screen now counts as read: the newest message in view moves the read marker (sent once it
   * settles), and once the room's newest message is in view its counts clear.
   */
  seen(): void {
    if (this.deps.hidden()) return;
    const roomId = this.deps.room();
    const id = this.deps.timelineView().lastVisibleMessageId();
    const message = id ? this.deps.timeline.message(roomId, id) : undefined;
    if (!message) return;
    this.readMarker.seen(message);
    const newest = this.deps.timeline.lastMessageId(roomId);
    if (newest === message.messageId && this.unread.read(roomId)) this.deps.showCounts();
  }

  /** The socket is back: a read marker that could not go out goes now. */
  connected(): void {
    this.readMarker.flush();
  }

  /** The socket closed: markers on their way may be lost, and go again once it is back. */
  disconnected(): void {
    this.readMarker.disconnected();
  }

  /** An `ack` frame: true when it was for a read marker (not a message of the composer's). */
  acked(clientMessageId: string): boolean {
    return this.readMarker.acked(clientMessageId);
  }

  /** An `error` frame: true when it was for a read marker (nothing for the person to know). */
  failed(clientMessageId: string): boolean {
    return this.readMarker.failed(clientMessageId);
  }

  /** Another room: a reply or an edit in progress belongs to the room left, and what was read there is told now. */
  roomChanged(): void {
    this.actions.cancel();
    this.readMarker.flush();
  }

  /** "Notify me of mentions": offered until the person answers the browser's question, asked on the click. */
  bindNotifyButton(button: HTMLButtonElement): void {
    button.hidden = !this.notifier.canAsk();
    button.addEventListener('click', async () => {
      await this.notifier.ask();
      button.hidden = !this.notifier.canAsk();
    });
  }
}
