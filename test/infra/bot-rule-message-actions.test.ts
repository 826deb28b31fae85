import { describe, expect, it } from 'vitest';
import { matchesEventPattern } from '../../infra/local/event-pattern';
import { eventBus } from '../../infra/spec';
import { busEvents, detailTypes, EVENT_SOURCE } from '../../lambdas/contract/events';

const botRule = eventBus.rules.find((rule) => rule.target === 'Bot');

function event(detailType: string, detail: unknown) {
  return {
    version: '0',
    id: 'e-1',
    'detail-type': detailType,
    source: EVENT_SOURCE,
    account: '123456789012',
    time: '2024-05-01T10:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail,
  };
}

describe("the bot's rule and issue 15's events", () => {
  it('wakes Pyro for a new message that names it, never for an edit or a deletion', () => {
    expect(botRule).toBeDefined();
    const message = {
      messageId: '1714557600000-a1b2c3d4e5',
      roomId: 'lobby',
      sender: 'Ada',
      senderType: 'guest',
      text: 'hi pyro',
      createdAt: '2024-05-01T10:00:00.000Z',
    };
    expect(matchesEventPattern(botRule?.pattern, event(detailTypes.messagePosted, message))).toBe(true);
    const edited = { ...message, editedAt: '2024-05-01T10:05:00.000Z' };
    expect(matchesEventPattern(botRule?.pattern, event(detailTypes.messageEdited, edited))).toBe(false);
    const deleted = { roomId: 'lobby', messageId: message.messageId, sender: 'Ada' };
    expect(matchesEventPattern(botRule?.pattern, event(detailTypes.messageDeleted, deleted))).toBe(false);
  });

  it('documents both events on the bus', () => {
    const documented = busEvents.map((e) => e.detailType);
    expect(documented).toEqual(expect.arrayContaining(['MessageEdited', 'MessageDeleted']));
  });
});
