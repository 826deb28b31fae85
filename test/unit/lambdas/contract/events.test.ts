import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  busEvents,
  detailTypes,
  PageConfigSchema,
  ReminderDueDetailSchema,
} from '../../../../lambdas/contract';

describe('busEvents', () => {
  it('describe every detail type once, with examples their schemas accept', () => {
    expect(busEvents.map((e) => e.detailType).sort()).toEqual(Object.values(detailTypes).sort());
    for (const event of busEvents) {
      expect(event.examples.length, event.detailType).toBeGreaterThan(0);
      for (const example of event.examples) expect(v.safeParse(event.schema, example).success).toBe(true);
    }
  });

  it('need every field of a reminder', () => {
    expect(
      v.safeParse(ReminderDueDetailSchema, { roomId: 'lobby', name: 'Ada', text: 'stretch' }).success,
    ).toBe(false);
  });
});

describe('PageConfigSchema', () => {
  it('needs both URLs', () => {
    expect(
      v.safeParse(PageConfigSchema, {
        httpApiUrl: 'http://127.0.0.1:8081',
        webSocketUrl: 'ws://127.0.0.1:8082/live',
      }).success,
    ).toBe(true);
    expect(v.safeParse(PageConfigSchema, { httpApiUrl: 'http://127.0.0.1:8081' }).success).toBe(false);
    expect(
      v.safeParse(PageConfigSchema, { httpApiUrl: 'not a url', webSocketUrl: 'ws://x/live' }).success,
    ).toBe(false);
  });

  it("may name the accounts' user pool: region, pool and client ids, and locally the emulator's endpoint", () => {
    const urls = { httpApiUrl: 'http://127.0.0.1:8081', webSocketUrl: 'ws://127.0.0.1:8082/live' };
    const auth = { region: 'us-east-1', userPoolId: 'us-east-1_AbC123', userPoolClientId: 'abc123' };
    expect(v.safeParse(PageConfigSchema, { ...urls, auth }).success).toBe(true);
    expect(
      v.safeParse(PageConfigSchema, { ...urls, auth: { ...auth, endpoint: 'http://127.0.0.1:8087' } })
        .success,
    ).toBe(true);
    expect(v.safeParse(PageConfigSchema, { ...urls, auth: { ...auth, userPoolClientId: '' } }).success).toBe(
      false,
    );
    expect(v.safeParse(PageConfigSchema, { ...urls, auth: { ...auth, endpoint: 'not a url' } }).success).toBe(
      false,
    );
  });
});
