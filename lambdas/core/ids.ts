import { randomBytes } from 'node:crypto';
import { MESSAGE_ID_PATTERN } from '../contract/fields';

/**
 * Message ids sort by time: 13-digit epoch milliseconds, then a random suffix for uniqueness. The table's
 * sort key is built from them, so `before`/`after` cursors are plain messageIds.
 */
export function newMessageId(nowMs: number): string {
  return `${String(nowMs).padStart(13, '0')}-${randomBytes(5).toString('hex')}`;
}

export function isMessageId(value: string): boolean {
  return MESSAGE_ID_PATTERN.test(value);
}
