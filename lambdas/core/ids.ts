import { randomBytes } from 'node:crypto';

/**
 * Message ids sort by time: 13-digit epoch milliseconds, then a random suffix for uniqueness. The table's
 * sort key is built from them, so `before`/`after` cursors are plain messageIds.
 */
export function newMessageId(nowMs: number): string {
  return `${String(nowMs).padStart(13, '0')}-${randomBytes(5).toString('hex')}`;
}

const MESSAGE_ID_PATTERN = /^\d{13}-[0-9a-f]{10}$/;

export function isMessageId(value: string): boolean {
  return MESSAGE_ID_PATTERN.test(value);
}
