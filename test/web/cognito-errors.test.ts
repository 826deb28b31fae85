import { describe, expect, it } from 'vitest';
import { signUpRefusals } from '../../lambdas/contract/sign-up';
import { CognitoError } from '../../web/cognito';
import { accountProblem, passwordPolicy } from '../../web/cognito-errors';

const refusal = (code: string, message = 'whatever Cognito said') => new CognitoError(code, message, 400);

describe('accountProblem', () => {
  it('says a username is taken, whether Cognito or the PreSignUp trigger refused it', () => {
    for (const code of ['UsernameExistsException', 'UserLambdaValidationException'])
      expect(accountProblem(refusal(code), 'signUp')).toMatchObject({
        message: expect.stringMatching(/^That username is (taken|not available)\. Pick another\.$/),
        field: 'username',
      });
  });

  it("gives the PreSignUp trigger's own reason when it is one of Chatty's", () => {
    expect(
      accountProblem(
        refusal('UserLambdaValidationException', `PreSignUp failed with error ${signUpRefusals.reserved}.`),
        'signUp',
      ),
    ).toEqual({ message: 'That name is reserved for Pyro. Pick another.', field: 'username' });
    expect(
      accountProblem(
        refusal('UserLambdaValidationException', 'PreSignUp failed with error That name is taken.'),
        'signUp',
      ),
    ).toEqual({ message: 'That name is taken. Pick another.', field: 'username' });
  });

  it('says a sign-in was refused without telling whether the account exists', () => {
    const wrong = { message: 'Wrong username or password.', field: 'password' };
    expect(accountProblem(refusal('NotAuthorizedException'), 'signIn')).toEqual(wrong);
    // cognito-local: an unknown user, and a wrong password as InvalidPasswordException.
    expect(accountProblem(refusal('UserNotFoundException'), 'signIn')).toEqual(wrong);
    expect(accountProblem(refusal('InvalidPasswordException'), 'signIn')).toEqual(wrong);
  });

  it('sends an unverified account to the code step', () => {
    expect(accountProblem(refusal('UserNotConfirmedException'), 'signIn')).toEqual({
      message: expect.stringContaining('not verified yet'),
      unconfirmed: true,
    });
  });

  it('names the code field for a wrong or expired code', () => {
    expect(accountProblem(refusal('CodeMismatchException'), 'confirm')).toEqual({
      message: 'That code is not right. Check the e-mail and try again.',
      field: 'code',
    });
    expect(accountProblem(refusal('ExpiredCodeException'), 'reset')).toEqual({
      message: 'That code has expired. Ask for a new one.',
      field: 'code',
    });
  });

  it('states the password policy for a new password the pool refuses', () => {
    for (const step of ['signUp', 'reset'] as const)
      expect(accountProblem(refusal('InvalidPasswordException'), step)).toEqual({
        message: `The password must have ${passwordPolicy}.`,
        field: 'password',
      });
  });

  it('asks to wait after too many attempts, naming no field', () => {
    for (const code of [
      'LimitExceededException',
      'TooManyRequestsException',
      'TooManyFailedAttemptsException',
    ])
      expect(accountProblem(refusal(code), 'forgot')).toEqual({
        message: 'Too many attempts. Wait a few minutes, then try again.',
      });
  });

  it('tells an already verified account to sign in, and an unknown account on the reset form', () => {
    expect(
      accountProblem(
        refusal('NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED'),
        'confirm',
      ),
    ).toEqual({ message: 'This account is already verified: sign in.' });
    expect(accountProblem(refusal('UserNotFoundException'), 'forgot')).toEqual({
      message: 'No account has that username.',
      field: 'username',
    });
  });

  it('has a plain line for an outage, an operation the emulator lacks, and an error that is not Cognito’s', () => {
    expect(accountProblem(new CognitoError('NetworkError', 'x', 0), 'signIn').message).toBe(
      'Cannot reach the sign-in service. Check your connection.',
    );
    expect(accountProblem(new CognitoError('Unsupported', 'x', 500), 'resend').message).toBe(
      'The sign-in service could not do that just now. Please try again.',
    );
    expect(accountProblem(new TypeError('boom'), 'signIn').message).toBe(
      'Something went wrong. Please try again.',
    );
    expect(
      accountProblem(refusal('InvalidParameterException', 'Invalid email address format.'), 'signUp').message,
    ).toBe('Check what you typed: Invalid email address format.');
  });
});
