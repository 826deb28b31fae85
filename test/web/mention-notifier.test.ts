import { describe, expect, it } from 'vitest';
import { MentionNotifier, type Notifications, type Permission } from '../../web/mention-notifier';
import type { ChatMessage } from '../../web/types';

const mention = (text: string, mentions?: string[]): ChatMessage => ({
  messageId: 'm1',
  roomId: 'books',
  sender: 'Bob',
  senderType: 'guest',
  text,
  createdAt: '2024-05-01T10:00:00.000Z',
  ...(mentions ? { mentions } : {}),
});

function setup(
  opts: { permission?: Permission; answer?: Permission; hidden?: boolean; none?: boolean } = {},
) {
  const state = { permission: opts.permission ?? 'granted', hidden: opts.hidden ?? true, asked: 0 };
  const shown: { title: string; body: string; tag: string; click: () => void }[] = [];
  const opened: string[] = [];
  const notifications: Notifications = {
    permission: () => state.permission,
    request: async () => {
      state.asked++;
      state.permission = opts.answer ?? 'granted';
      return state.permission;
    },
    show: (title, { body, tag }, click) => void shown.push({ title, body, tag, click }),
  };
  const notifier = new MentionNotifier({
    notifications: opts.none ? null : notifications,
    hidden: () => state.hidden,
    me: () => 'Ada',
    open: (roomId) => void opened.push(roomId),
  });
  return { notifier, state, shown, opened };
}

describe('MentionNotifier', () => {
  it('shows a mention of me while the tab is hidden; a click opens its room', () => {
    const { notifier, shown, opened } = setup();
    expect(notifier.arrived(mention('@Ada   look\nhere', ['Ada']))).toBe(true);
    expect(shown).toMatchObject([
      { title: 'Bob mentioned you in #books', body: '@Ada look here', tag: 'books/m1' },
    ]);
    shown[0]?.click();
    expect(opened).toEqual(['books']);
  });

  it('stays quiet while the tab is shown, for other people’s mentions, and without permission', () => {
    expect(setup({ hidden: false }).notifier.arrived(mention('@Ada', ['Ada']))).toBe(false);
    expect(setup().notifier.arrived(mention('@Cy', ['Cy']))).toBe(false);
    expect(setup().notifier.arrived(mention('hi'))).toBe(false);
    expect(setup({ permission: 'denied' }).notifier.arrived(mention('@Ada', ['Ada']))).toBe(false);
    expect(setup({ permission: 'default' }).notifier.arrived(mention('@Ada', ['Ada']))).toBe(false);
    expect(setup({ none: true }).notifier.arrived(mention('@Ada', ['Ada']))).toBe(false);
  });

  it('offers to ask only until the person has answered, and asks only when told to', async () => {
    const { notifier, state } = setup({ permission: 'default', answer: 'denied' });
    expect(notifier.canAsk()).toBe(true);
    expect(state.asked).toBe(0);
    expect(await notifier.ask()).toBe(false);
    expect(state.asked).toBe(1);
    expect(notifier.canAsk()).toBe(false);
    expect(setup({ none: true }).notifier.canAsk()).toBe(false);
  });

  it('cuts a long text for the notification', () => {
    const { notifier, shown } = setup();
    notifier.arrived(mention(`@Ada ${'x'.repeat(300)}`, ['Ada']));
    expect(shown[0]?.body).toHaveLength(140);
    expect(shown[0]?.body.endsWith('…')).toBe(true);
  });
});
