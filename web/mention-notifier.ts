/**
 * A browser notification when someone mentions the person while the tab is hidden. Permission is asked once, and
 * only when the person presses the "Notify me of mentions" button (browsers ignore or block a request that no
 * gesture started, and asking at load is rude).
 */
import { mentionsMe } from './message-changes';
import type { ChatMessage } from './types';

export type Permission = 'default' | 'granted' | 'denied';

/** The part of the browser's Notification API this module uses (tests pass a fake). */
export interface Notifications {
  permission(): Permission;
  request(): Promise<Permission>;
  show(title: string, options: { body: string; tag: string }, onClick: () => void): void;
}

/** The browser's Notification API, or null where there is none (an old browser, an insecure context). */
export function browserNotifications(): Notifications | null {
  if (typeof Notification === 'undefined') return null;
  return {
    permission: () => Notification.permission,
    request: () => Notification.requestPermission(),
    show: (title, options, onClick) => {
      const n = new Notification(title, options);
      n.onclick = () => {
        window.focus();
        onClick();
        n.close();
      };
    },
  };
}

/** The body of a notification: the start of the text on one line. */
const bodyLength = 140;

export interface MentionNotifierDeps {
  notifications: Notifications | null;
  hidden: () => boolean;
  me: () => string | null;
  /** The notification was clicked: show that room. */
  open: (roomId: string) => void;
}

export class MentionNotifier {
  constructor(private readonly deps: MentionNotifierDeps) {}

  /** Whether to offer the button: notifications exist and the person has not answered yet. */
  canAsk(): boolean {
    return this.deps.notifications?.permission() === 'default';
  }

  /** Asks for permission (call from a click). Resolves to whether notifications may be shown. */
  async ask(): Promise<boolean> {
    const n = this.deps.notifications;
    if (!n) return false;
    return (await n.request()) === 'granted';
  }

  /** A live message: shows a notification if it mentions the person and they are not looking. */
  arrived(message: ChatMessage): boolean {
    const n = this.deps.notifications;
    if (!n || !this.deps.hidden() || !mentionsMe(message, this.deps.me()) || n.permission() !== 'granted')
      return false;
    const text = message.text.replace(/\s+/g, ' ').trim();
    n.show(
      `${message.sender} mentioned you in #${message.roomId}`,
      {
        body: text.length > bodyLength ? `${text.slice(0, bodyLength - 1)}…` : text,
        // One notification per message, even if the frame comes twice (a reconnect's catch-up).
        tag: `${message.roomId}/${message.messageId}`,
      },
      () => this.deps.open(message.roomId),
    );
    return true;
  }
}
