import { LambdaService } from 'cognito-local/lib/services';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { lambdaClientOverRunner } from '../../../infra/local/cognito-triggers';
import { FunctionError, type Invoke, InvokeError } from '../../../infra/local/types';

const ctx = { logger: pino({ level: 'silent' }) };

/** cognito-local's own LambdaService, with our client, configured as the local cloud configures it. */
function service(invoke: Invoke): LambdaService {
  return new LambdaService({ PreSignUp: 'PreSignUp' }, lambdaClientOverRunner(invoke));
}

const signUp = {
  clientId: 'client',
  clientMetadata: undefined,
  triggerSource: 'PreSignUp_SignUp' as const,
  userAttributes: { email: 'alice@example.com' },
  username: 'Alice',
  userPoolId: 'local_pool',
  validationData: undefined,
};

describe('Cognito triggers through the local runner', () => {
  it("invokes the function with Cognito's PreSignUp event, in the pool's region, and gives cognito-local its response", async () => {
    const calls: { name: string; event: unknown }[] = [];
    const invoke: Invoke = async (name, event) => {
      calls.push({ name, event });
      return event;
    };
    const response = await service(invoke).invoke(ctx, 'PreSignUp', signUp);
    expect(calls).toEqual([
      {
        name: 'PreSignUp',
        event: expect.objectContaining({
          version: '0',
          region: 'us-east-1',
          userPoolId: 'local_pool',
          userName: 'Alice',
          triggerSource: 'PreSignUp_SignUp',
          callerContext: expect.objectContaining({ clientId: 'client' }),
          request: { userAttributes: { email: 'alice@example.com' } },
          response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
        }),
      },
    ]);
    expect(response).toEqual({ autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false });
  });

  it('turns a function that threw into UserLambdaValidationException "PreSignUp failed with error <message>.", as Cognito does', async () => {
    const invoke: Invoke = async () => {
      throw new FunctionError('SignUpRefused', 'That name is taken');
    };
    await expect(service(invoke).invoke(ctx, 'PreSignUp', signUp)).rejects.toMatchObject({
      code: 'UserLambdaValidationException',
      message: 'PreSignUp failed with error That name is taken.',
    });
  });

  it('turns a function that could not be invoked into UnexpectedLambdaException (spelt as cognito-local does)', async () => {
    const invoke: Invoke = async () => {
      throw new InvokeError('TooManyRequestsException', 'Rate exceeded', 429);
    };
    await expect(service(invoke).invoke(ctx, 'PreSignUp', signUp)).rejects.toMatchObject({
      code: 'UnexpectedLambdaExceptionException',
    });
  });
});
