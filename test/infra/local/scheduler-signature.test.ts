import { CreateScheduleCommand, ListSchedulesCommand } from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCredentials } from '../../../infra/local/types';
import {
  clientFor,
  reminder,
  type SchedulerFixture,
  signedFetch,
  startSchedulerFixture,
} from './scheduler-fixture';

let fixture: SchedulerFixture;
beforeAll(async () => {
  fixture = await startSchedulerFixture();
});
afterAll(() => fixture.close());

/** AWS's REST APIs answer 403, naming the failure in x-amzn-ErrorType, with a lower-case `message`. */
async function expectRefused(res: Response, type: string, message: string | RegExp) {
  expect(res.status).toBe(403);
  expect(res.headers.get('x-amzn-errortype')).toBe(type);
  expect(await res.json()).toEqual({
    message: typeof message === 'string' ? message : expect.stringMatching(message),
  });
}

describe('the local EventBridge Scheduler serves only requests signed with the local credentials', () => {
  it('refuses an unsigned call with 403 MissingAuthenticationTokenException', async () => {
    const res = await fetch(`${fixture.scheduler.url}/schedules`);
    await expectRefused(res, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    const create = await fetch(`${fixture.scheduler.url}/schedules/unsigned`, {
      method: 'POST',
      body: JSON.stringify(reminder('unsigned')),
    });
    expect(create.status).toBe(403);
    expect(fixture.scheduler.pending()).toEqual([]);
  });

  it('refuses a call signed with the wrong secret with 403 InvalidSignatureException, through the SDK too', async () => {
    const wrong = { ...localCredentials, secretAccessKey: 'not-the-secret' };
    const res = await signedFetch(fixture.scheduler.url, { method: 'GET', path: '/schedules' }, wrong);
    await expectRefused(
      res,
      'InvalidSignatureException',
      /^The request signature we calculated does not match/,
    );

    const client = clientFor(fixture.scheduler.url, wrong);
    try {
      await expect(client.send(new CreateScheduleCommand(reminder('forged')))).rejects.toMatchObject({
        name: 'InvalidSignatureException',
        $metadata: { httpStatusCode: 403 },
      });
    } finally {
      client.destroy();
    }
    expect(fixture.scheduler.pending()).toEqual([]);
  });

  it('refuses an access key or session token it does not know with 403 UnrecognizedClientException', async () => {
    const strangerKey = { ...localCredentials, accessKeyId: 'ASIAUNKNOWNKEY000000' };
    await expectRefused(
      await signedFetch(fixture.scheduler.url, { method: 'GET', path: '/schedules' }, strangerKey),
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
    const strangerToken = { ...localCredentials, sessionToken: 'another-session' };
    await expectRefused(
      await signedFetch(fixture.scheduler.url, { method: 'GET', path: '/schedules' }, strangerToken),
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  });

  it('refuses a signature scoped to another service (signing name scheduler)', async () => {
    const res = await signedFetch(
      fixture.scheduler.url,
      { method: 'GET', path: '/schedules' },
      localCredentials,
      'events',
    );
    await expectRefused(
      res,
      'InvalidSignatureException',
      "Credential should be scoped to correct service: 'scheduler'.",
    );
  });

  it('refuses an Authorization header that is not a complete SigV4 one with 403 IncompleteSignatureException', async () => {
    const res = await fetch(`${fixture.scheduler.url}/schedules`, {
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=ASIALOCALCHATTY00000' },
    });
    await expectRefused(res, 'IncompleteSignatureException', /'Credential', 'SignedHeaders' and 'Signature'/);
  });

  it('serves the same request when it is signed properly', async () => {
    const res = await signedFetch(fixture.scheduler.url, { method: 'GET', path: '/schedules?MaxResults=5' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ Schedules: [] });
    const listed = await fixture.client.send(new ListSchedulesCommand({}));
    expect(listed.Schedules).toEqual([]);
  });
});
