import { describe, expect, it } from 'vitest';
import { type ActionFrame, MessageActions } from '../../web/message-actions';
import { Timeline } from '../../web/timeline-state';

/** Ada's page in a room where Bob said m1; `moderator`: whether Ada moderates it (issue 16). */
function setup(moderator: boolean | undefined) {
  const timeline = new Timeline();
  timeline.add(
    'chess',
    [
      {
        messageId: 'm1',
        roomId: 'chess',
        sender: 'Bob',
        senderType: 'user',
        text: 'buy my stuff',
        createdAt: '2024-05-01T10:00:00.000Z',
      },
    ],
    'Ada',
  );
  const sent: ActionFrame[] = [];
  const actions = new MessageActions({
    timeline,
    room: () => 'chess',
    me: () => 'Ada',
    send: (frame) => sent.push(frame) > 0,
    view: { showMode: () => {}, setText: () => {}, focusComposer: () => {} },
    confirmDelete: () => true,
    showError: () => {},
    ...(moderator === undefined ? {} : { canModerate: () => moderator }),
  });
  return { actions, sent };
}

describe('MessageActions.remove for moderators', () => {
  it('deletes another person’s message when the reader moderates the room', () => {
    const { actions, sent } = setup(true);
    actions.remove('m1');
    expect(sent).toEqual([{ action: 'deleteMessage', roomId: 'chess', messageId: 'm1' }]);
  });

  it('does not for a reader who does not moderate it (or a page that does not say)', () => {
    for (const moderator of [false, undefined]) {
      const { actions, sent } = setup(moderator);
      actions.remove('m1');
      expect(sent).toEqual([]);
    }
  });
});
