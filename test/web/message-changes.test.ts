import { describe, expect, it } from 'vitest';
import {
  lastEditable,
  laterVersion,
  mentionsMe,
  namesInclude,
  tombstone,
  withDeletion,
  withUpdate,
} from '../../web/message-changes';
import { Timeline } from '../../web/timeline-state';
import type { ChatMessage } from '../../web/types';

const at = (s: number) => new Date(Date.UTC(2024, 4, 1, 10, 0, s)).toISOString();
const msg = (messageId: string, s: number, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  messageId,
  roomId: 'lobby',
  sender: 'Bob',
  senderType: 'guest',
  text: `text ${messageId}`,
  createdAt: at(s),
  ...extra,
});

describe('messageUpdated and messageDeleted on the timeline', () => {
  it('replaces an edited message in place, keeping its clientMessageId (and so its row)', () => {
    const list = [msg('m1', 1), msg('m2', 2, { sender: 'Ada', clientMessageId: 'c2' })];
    const edited = msg('m2', 2, { sender: 'Ada', text: 'fixed', editedAt: at(9) });
    expect(withUpdate(list, edited)).toEqual([list[0], { ...edited, clientMessageId: 'c2' }]);
    expect(list[1]?.text).toBe('text m2'); // the list given is left alone
  });

  it('applies a change of reactions the same way', () => {
    const updated = msg('m1', 1, { reactions: { '👍': ['Ada', 'Cy'] } });
    expect(withUpdate([msg('m1', 1)], updated)?.[0]?.reactions).toEqual({ '👍': ['Ada', 'Cy'] });
  });

  it('ignores an update of a message the page does not hold (history brings it as it is now)', () => {
    expect(withUpdate([msg('m1', 1)], msg('m0', 0, { text: 'x' }))).toBeNull();
    expect(withDeletion([msg('m1', 1)], 'm0')).toBeNull();
  });

  it('turns a deleted message into a tombstone: sender and place kept, text, reactions and mentions gone', () => {
    const held = msg('m1', 1, { reactions: { '🎉': ['Ada'] }, mentions: ['Ada'], editedAt: at(5) });
    const [gone] = withDeletion([held], 'm1') ?? [];
    expect(gone).toEqual({ ...msg('m1', 1), editedAt: at(5), text: '', deleted: true });
    expect(tombstone(held)).toEqual(gone);
  });

  it('keeps the newer of two copies: a later edit wins, an older copy never undoes an edit or a deletion', () => {
    const v1 = msg('m1', 1);
    const v2 = msg('m1', 1, { text: 'v2', editedAt: at(10) });
    const v3 = msg('m1', 1, { text: 'v3', editedAt: at(20) });
    expect(laterVersion(v1, v2)).toBe(v2);
    expect(laterVersion(v3, v2)).toBe(v3);
    expect(laterVersion(v2, v1)).toBe(v2);
    expect(laterVersion(tombstone(v1), v3)).toEqual(tombstone(v1));
    // Same edit time (a change of reactions): the incoming copy is the newer one.
    const reacted = { ...v2, reactions: { '👍': ['Cy'] } };
    expect(laterVersion(v2, reacted)).toBe(reacted);
  });

  it('Timeline.update / remove change the room’s list and say whether they held the message', () => {
    const t = new Timeline();
    t.add('lobby', [msg('m1', 1), msg('m2', 2)], 'Ada');
    expect(t.update(msg('m2', 2, { text: 'new', editedAt: at(3) }))).toBe(true);
    expect(t.message('lobby', 'm2')?.text).toBe('new');
    expect(t.update(msg('m9', 9))).toBe(false);
    expect(t.messages('lobby')).toHaveLength(2);
    expect(t.remove('lobby', 'm1')).toBe(true);
    expect(t.message('lobby', 'm1')).toMatchObject({ deleted: true, text: '' });
    expect(t.remove('random', 'm1')).toBe(false);
    // A history page read before the deletion does not bring the text back.
    t.add('lobby', [msg('m1', 1)], 'Ada');
    expect(t.message('lobby', 'm1')?.deleted).toBe(true);
  });
});

describe('lastEditable', () => {
  it('is the reader’s newest message that is not deleted', () => {
    const list = [
      msg('m1', 1, { sender: 'Ada' }),
      msg('m2', 2, { sender: 'Ada' }),
      msg('m3', 3, { sender: 'Ada', deleted: true, text: '' }),
      msg('m4', 4),
    ];
    expect(lastEditable(list, 'Ada')?.messageId).toBe('m2');
    expect(lastEditable(list, 'Cy')).toBeUndefined();
    expect(lastEditable(list, null)).toBeUndefined();
  });

  it('never a bot’s message, even under the same name', () => {
    expect(lastEditable([msg('m1', 1, { sender: 'Pyro', senderType: 'bot' })], 'Pyro')).toBeUndefined();
  });
});

describe('mentions', () => {
  it('a message mentions me when its mentions name me, whatever the case', () => {
    expect(mentionsMe(msg('m1', 1, { mentions: ['Grace', 'ada'] }), 'Ada')).toBe(true);
    expect(mentionsMe(msg('m1', 1, { mentions: ['Grace'] }), 'Ada')).toBe(false);
    expect(mentionsMe(msg('m1', 1), 'Ada')).toBe(false);
    expect(mentionsMe(msg('m1', 1, { mentions: ['Ada'] }), null)).toBe(false);
  });

  it('a deleted message mentions nobody any more', () => {
    expect(mentionsMe(msg('m1', 1, { mentions: ['Ada'], deleted: true }), 'Ada')).toBe(false);
    expect(namesInclude(['Ada'], 'ADA')).toBe(true);
  });
});
