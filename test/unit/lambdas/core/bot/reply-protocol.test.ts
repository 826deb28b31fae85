import { beforeEach, describe, expect, it } from 'vitest';
import {
  answerEvent,
  type BotEvent,
  type ReplyLedger,
  type ReplyPoster,
  type ReplyTelemetry,
  WELCOME_WINDOW_SECONDS,
} from '../../../../../lambdas/core/bot/reply-protocol';
import { FakeClock, FakeRateLimiter, T0 } from '../fakes';
import { FakeReminders, fakeDeps, MemoryReminderBook } from './fakes';

/** The table's bot records in memory; each method can be told to fail, and every call is logged. */
class MemoryLedger implements ReplyLedger {
  readonly calls: string[] = [];
  readonly claims = new Map<string, { leaseUntilMs: number; state: 'claimed' | 'done' }>();
  readonly welcomed = new Set<string>();
  heartbeats: string[] = [];
  failing = new Set<string>();

  private call(entry: string, method: string): void {
    this.calls.push(entry);
    if (this.failing.has(method)) throw new Error(`${method} failed`);
  }
  async recordHeartbeat(now: Date): Promise<void> {
    this.call('heartbeat', 'recordHeartbeat');
    this.heartbeats.push(now.toISOString());
  }
  async claim(key: string, nowMs: number, leaseUntilMs: number): Promise<boolean> {
    this.call(`claim ${key}`, 'claim');
    const held = this.claims.get(key);
    if (held && (held.state === 'done' || held.leaseUntilMs >= nowMs)) return false;
    this.claims.set(key, { leaseUntilMs, state: 'claimed' });
    return true;
  }
  async release(key: string): Promise<void> {
    this.call(`release ${key}`, 'release');
    this.claims.delete(key);
  }
  async markAnswered(key: string): Promise<void> {
    this.call(`answered ${key}`, 'markAnswered');
    const held = this.claims.get(key);
    if (held) held.state = 'done';
  }
  async firstWelcomeWithin(roomId: string, name: string): Promise<boolean> {
    this.call(`welcome ${roomId}#${name}`, 'firstWelcomeWithin');
    const key = `${roomId}#${name}`;
    if (this.welcomed.has(key)) return false;
    this.welcomed.add(key);
    return true;
  }
  async forgetWelcome(roomId: string, name: string): Promise<void> {
    this.call(`forget ${roomId}#${name}`, 'forgetWelcome');
    this.welcomed.delete(`${roomId}#${name}`);
  }
}

class FakePoster implements ReplyPoster {
  readonly posts: { roomId: string; text: string; correlationId: string }[] = [];
  failure?: Error;
  async postMessage(roomId: string, text: string, correlationId: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.posts.push({ roomId, text, correlationId });
  }
}

/** What the protocol reported, one line per report. */
function recordingTelemetry(reports: string[]): ReplyTelemetry {
  return {
    started: (id) => reports.push(`started ${id}`),
    ignored: (type) => reports.push(`ignored ${type}`),
    duplicate: (key) => reports.push(`duplicate ${key}`),
    replied: (key, roomId, latencyMs) => reports.push(`replied ${key} ${roomId} ${latencyMs}`),
    failed: (key, error) => reports.push(`failed ${key} ${(error as Error).message}`),
    notMarkedAnswered: (key) => reports.push(`notMarkedAnswered ${key}`),
  };
}

const DEADLINE = T0 + 14_000;
let ledger: MemoryLedger;
let poster: FakePoster;
let reports: string[];
let skillsFailure: Error | undefined;
let deps: Parameters<typeof answerEvent>[0];
let welcomes: FakeRateLimiter;

beforeEach(() => {
  ledger = new MemoryLedger();
  poster = new FakePoster();
  reports = [];
  skillsFailure = undefined;
  welcomes = new FakeRateLimiter();
  deps = {
    welcomes,
    ledger,
    poster,
    telemetry: recordingTelemetry(reports),
    clock: new FakeClock(),
    skills: async () => {
      if (skillsFailure) throw skillsFailure;
      return fakeDeps();
    },
  };
});

const messagePosted = (text: string, messageId = 'm-1', createdAt = new Date(T0 - 50).toISOString()) => ({
  id: `event-${messageId}`,
  detailType: 'MessagePosted',
  detail: { messageId, roomId: 'lobby', sender: 'Ada', text, createdAt },
});
const memberJoined = (id: string, name = 'Ada', roomId = 'lobby'): BotEvent => ({
  id,
  detailType: 'MemberJoined',
  detail: { roomId, name },
});

describe('the reply protocol', () => {
  it('records the heartbeat, claims the event until the deadline, posts the reply with its correlation id, then marks it answered', async () => {
    await answerEvent(deps, messagePosted('thanks pyro'), DEADLINE);
    expect(ledger.calls).toEqual(['heartbeat', 'claim message#m-1', 'answered message#m-1']);
    expect(ledger.heartbeats).toEqual([new Date(T0).toISOString()]);
    expect(ledger.claims.get('message#m-1')).toEqual({ leaseUntilMs: DEADLINE, state: 'done' });
    expect(poster.posts).toEqual([{ roomId: 'lobby', text: "You're welcome, Ada!", correlationId: 'm-1' }]);
    expect(reports).toEqual(['started m-1', 'replied message#m-1 lobby 50']);
  });

  it('claims, says nothing and still marks answered a message not addressed to Pyro, so a retry stays quiet', async () => {
    await answerEvent(deps, messagePosted('I think pyro is great'), DEADLINE);
    expect(poster.posts).toEqual([]);
    expect(ledger.calls).toEqual(['heartbeat', 'claim message#m-1', 'answered message#m-1']);
  });

  it('posts nothing for a second delivery while the first holds its claim', async () => {
    ledger.claims.set('message#m-2', { leaseUntilMs: DEADLINE, state: 'claimed' });
    await answerEvent(deps, messagePosted('hi pyro', 'm-2'), DEADLINE);
    expect(poster.posts).toEqual([]);
    expect(ledger.calls).toEqual(['heartbeat', 'claim message#m-2']);
    expect(reports).toEqual(['started m-2', 'duplicate message#m-2']);
  });

  it('answers a retry once the claim of an invocation that timed out has expired', async () => {
    ledger.claims.set('message#m-9', { leaseUntilMs: T0 - 1, state: 'claimed' });
    await answerEvent(deps, messagePosted('hi pyro', 'm-9'), DEADLINE);
    expect(poster.posts).toHaveLength(1);
  });

  it('releases the claim and rethrows when posting fails', async () => {
    poster.failure = new Error('HTTP API answered 500');
    await expect(answerEvent(deps, messagePosted('hi pyro', 'm-3'), DEADLINE)).rejects.toBe(poster.failure);
    expect(ledger.calls).toEqual(['heartbeat', 'claim message#m-3', 'release message#m-3']);
    expect(reports).toContain('failed message#m-3 HTTP API answered 500');
  });

  it('cancels only the first of two reminders when "pyro cancel 1" is retried after its reply failed to post', async () => {
    const reminderBook = new MemoryReminderBook();
    const adas = (requestId: string, text: string, minutes: number) => ({
      requestId,
      roomId: 'lobby',
      name: 'Ada',
      text,
      at: new Date(T0 + minutes * 60_000),
    });
    reminderBook.add(adas('r-1', 'stretch', 10), 1);
    reminderBook.add(adas('r-2', 'drink', 15), 2);
    const reminders = new FakeReminders();
    const bot = fakeDeps({ reminderBook, reminders, now: () => new Date(T0) });
    deps.skills = async () => bot;
    poster.failure = new Error('HTTP API answered 503');
    const cancel = messagePosted('pyro cancel 1', 'm-5');
    await expect(answerEvent(deps, cancel, DEADLINE)).rejects.toBe(poster.failure);
    // Before the retry a new reminder takes place 1; the retry still names the one it chose.
    reminderBook.add(adas('r-3', 'new', 50), 1);
    poster.failure = undefined;
    await answerEvent(deps, cancel, DEADLINE);
    expect(reminders.cancels).toEqual(['lobby/r-1', 'lobby/r-1']);
    expect(poster.posts.map((p) => p.text)).toEqual(["Okay Ada, I've cancelled reminder 1: stretch"]);
    expect(reminderBook.reminders.map((r) => r.requestId)).toEqual(['r-2', 'r-3']);
  });

  it('asks for the same reminder when "pyro remind me" is retried minutes later', async () => {
    const reminders = new FakeReminders();
    const clock = new FakeClock();
    deps.clock = clock;
    const bot = fakeDeps({ reminders, now: () => new Date(clock.now()) });
    deps.skills = async () => bot;
    poster.failure = new Error('HTTP API answered 503');
    const remind = messagePosted(
      'pyro remind me in 10 minutes to stretch',
      'm-6',
      new Date(T0).toISOString(),
    );
    await expect(answerEvent(deps, remind, DEADLINE)).rejects.toBe(poster.failure);
    poster.failure = undefined;
    clock.nowMs = T0 + 2 * 60_000;
    await answerEvent(deps, remind, clock.nowMs + 14_000);
    expect(reminders.requests.map((r) => [r.requestId, r.at.getTime()])).toEqual([
      ['m-6', T0 + 10 * 60_000],
      ['m-6', T0 + 10 * 60_000],
    ]);
    expect(poster.posts).toHaveLength(1);
  });

  it('rethrows the reply error even when releasing the claim fails too', async () => {
    poster.failure = new Error('HTTP API answered 502');
    ledger.failing.add('release');
    await expect(answerEvent(deps, messagePosted('hi pyro', 'm-6'), DEADLINE)).rejects.toBe(poster.failure);
  });

  it('releases the claim and rethrows when the skills cannot be built', async () => {
    skillsFailure = new Error('secrets manager down');
    await expect(answerEvent(deps, messagePosted('pyro movie Alien', 'm-4'), DEADLINE)).rejects.toBe(
      skillsFailure,
    );
    expect(poster.posts).toEqual([]);
    expect(ledger.calls).toContain('release message#m-4');
  });

  it('neither releases nor throws when only marking a posted reply answered fails, so it is not posted twice', async () => {
    ledger.failing.add('markAnswered');
    await answerEvent(deps, messagePosted('hi pyro', 'm-7'), DEADLINE);
    expect(poster.posts).toHaveLength(1);
    expect(ledger.calls).not.toContain('release message#m-7');
    expect(reports).toContain('notMarkedAnswered message#m-7');
    expect(reports.some((r) => r.startsWith('failed'))).toBe(false);
  });

  it('reports no latency when the message carries no usable creation time', async () => {
    await answerEvent(deps, messagePosted('hi pyro', 'm-8', 'not a date'), DEADLINE);
    expect(reports).toContain('replied message#m-8 lobby undefined');
  });

  it('fails before claiming when the heartbeat cannot be recorded, so the event is retried', async () => {
    ledger.failing.add('recordHeartbeat');
    await expect(answerEvent(deps, messagePosted('hi pyro'), DEADLINE)).rejects.toThrow(/recordHeartbeat/);
    expect(poster.posts).toEqual([]);
  });

  it('answers a due reminder once, keyed and correlated by its reminder id', async () => {
    const event = {
      id: 'ev-r',
      detailType: 'ReminderDue',
      detail: { roomId: 'lobby', name: 'Ada', text: 'stretch', reminderId: 'r-1' },
    };
    await answerEvent(deps, event, DEADLINE);
    await answerEvent(deps, event, DEADLINE);
    expect(poster.posts).toHaveLength(1);
    expect(poster.posts[0]).toMatchObject({ roomId: 'lobby', correlationId: 'r-1' });
    expect(poster.posts[0]?.text).toContain('stretch');
    expect(ledger.claims.has('reminder#r-1')).toBe(true);
  });

  it('keys a due reminder without a reminder id by its event id', async () => {
    await answerEvent(
      deps,
      { id: 'ev-r2', detailType: 'ReminderDue', detail: { roomId: 'lobby', name: 'Ada', text: 'tea' } },
      DEADLINE,
    );
    expect(ledger.claims.has('reminder#ev-r2')).toBe(true);
    expect(poster.posts[0]?.correlationId).toBe('ev-r2');
  });

  it('welcomes a person joining a room the first time within the window', async () => {
    await answerEvent(deps, memberJoined('ev-j1', 'Bea', 'games'), DEADLINE);
    expect(poster.posts).toEqual([
      { roomId: 'games', text: expect.stringMatching(/Welcome to #games, Bea/), correlationId: 'ev-j1' },
    ]);
    expect(WELCOME_WINDOW_SECONDS).toBe(3600);
  });

  it('stays quiet for someone already welcomed within the window, and claims nothing for it', async () => {
    ledger.welcomed.add('lobby#Ada');
    await answerEvent(deps, memberJoined('ev-j2'), DEADLINE);
    expect(poster.posts).toEqual([]);
    expect(ledger.calls).toEqual(['heartbeat', 'welcome lobby#Ada']);
  });

  it('claims a welcome it will post, so a redelivery of the join does not welcome twice', async () => {
    await answerEvent(deps, memberJoined('ev-j7', 'Eve'), DEADLINE);
    await answerEvent(deps, memberJoined('ev-j7', 'Eve'), DEADLINE);
    expect(poster.posts).toHaveLength(1);
    expect(ledger.calls).toContain('answered joined#ev-j7');
  });

  it('forgets the welcome when its throttles could not be read, so the retry can welcome', async () => {
    welcomes.failure = new Error('table unavailable');
    await expect(answerEvent(deps, memberJoined('ev-j8', 'Fay'), DEADLINE)).rejects.toBe(welcomes.failure);
    expect(ledger.calls).toContain('forget lobby#Fay');
    expect(ledger.claims.has('joined#ev-j8')).toBe(false);
  });

  it('takes each welcome from the room’s allowance, keyed by room', async () => {
    await answerEvent(deps, memberJoined('ev-j4', 'Bea', 'games'), DEADLINE);
    expect(welcomes.calls).toEqual([{ key: 'welcome#games', nowMs: T0 }]);
  });

  it('skips the welcome once the room has had its welcomes this minute, with no claim', async () => {
    welcomes.allow = false;
    await answerEvent(deps, memberJoined('ev-j5', 'Dee'), DEADLINE);
    expect(poster.posts).toEqual([]);
    expect(ledger.calls).not.toContain('claim joined#ev-j5');
  });

  it('does not spend the room’s allowance on someone already welcomed', async () => {
    ledger.welcomed.add('lobby#Ada');
    await answerEvent(deps, memberJoined('ev-j6'), DEADLINE);
    expect(welcomes.calls).toEqual([]);
  });

  it('forgets the welcome when posting it failed, so the retry welcomes again', async () => {
    poster.failure = new Error('HTTP API answered 503');
    await expect(answerEvent(deps, memberJoined('ev-j3', 'Cy'), DEADLINE)).rejects.toBe(poster.failure);
    expect(ledger.calls.slice(-2).sort()).toEqual(['forget lobby#Cy', 'release joined#ev-j3']);
    poster.failure = undefined;
    await answerEvent(deps, memberJoined('ev-j3', 'Cy'), DEADLINE);
    expect(poster.posts).toHaveLength(1);
  });

  it('ignores an event of an unexpected type or shape apart from the heartbeat', async () => {
    await answerEvent(deps, { id: 'ev-x', detailType: 'Mystery', detail: {} }, DEADLINE);
    await answerEvent(
      deps,
      { id: 'ev-y', detailType: 'MemberJoined', detail: { roomId: 'lobby' } },
      DEADLINE,
    );
    await answerEvent(deps, { id: 'ev-z', detailType: 'MessagePosted', detail: { text: 'pyro' } }, DEADLINE);
    expect(ledger.calls).toEqual(['heartbeat', 'heartbeat', 'heartbeat']);
    expect(reports).toEqual(['ignored Mystery', 'started ev-x', 'started ev-y', 'started ev-z']);
  });
});
