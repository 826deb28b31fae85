import { describe, expect, it, vi } from 'vitest';
import { AccountFlow, type AccountView, noAccountsMessage } from '../../web/account-flow';
import { type Cognito, CognitoError } from '../../web/cognito';
import { passwordPolicy } from '../../web/cognito-errors';
import { deferred, recordingView } from './fakes';

const password = 'Correct-horse-1';
type Fake = Pick<
  Cognito,
  'signUp' | 'confirmSignUp' | 'resendCode' | 'signIn' | 'forgotPassword' | 'confirmForgotPassword'
>;

function setup(overrides: Partial<Fake> = {}, opts: { noCognito?: boolean; unreadable?: boolean } = {}) {
  const cognito: Fake = {
    signUp: vi.fn(async () => ({ confirmed: false, destination: 'a***@e***' })),
    confirmSignUp: vi.fn(async () => undefined),
    resendCode: vi.fn(async () => ({ destination: 'a***@e***' })),
    signIn: vi.fn(async () => ({ accessToken: 'access', refreshToken: 'refresh' })),
    forgotPassword: vi.fn(async () => ({ destination: 'a***@e***' })),
    confirmForgotPassword: vi.fn(async () => undefined),
    ...overrides,
  };
  const { view, calls } = recordingView<AccountView>();
  const signedIn: unknown[] = [];
  const flow = new AccountFlow({
    cognito: () => (opts.noCognito ? null : cognito),
    view,
    onSignedIn: (tokens) => {
      signedIn.push(tokens);
      return !opts.unreadable;
    },
  });
  return { flow, cognito, calls, signedIn };
}

const refuse =
  (code: string, message = 'no') =>
  async () => {
    throw new CognitoError(code, message, 400);
  };

describe('AccountFlow: creating an account', () => {
  it('signs up, moves to the code step saying where the code went, then to sign-in once verified', async () => {
    const { flow, cognito, calls } = setup();
    flow.open('signUp');
    await flow.signUp(' ada ', ' ada@example.com ', password);
    expect(cognito.signUp).toHaveBeenCalledWith('ada', 'ada@example.com', password);
    expect(flow.current).toBe('confirm');
    expect(calls).toContainEqual([
      'showForm',
      'confirm',
      {
        username: 'ada',
        focus: true,
        info: 'We sent a code to a***@e***. Enter it to verify your e-mail address.',
      },
    ]);
    await flow.confirm(' 123456 ');
    expect(cognito.confirmSignUp).toHaveBeenCalledWith('ada', '123456');
    expect(flow.current).toBe('signIn');
    expect(calls.at(-2)).toEqual([
      'showForm',
      'signIn',
      { username: 'ada', focus: true, info: 'Your e-mail address is verified. Sign in with your password.' },
    ]);
    expect(calls.at(-1)).toEqual(['setBusy', false]);
  });

  it('checks the fields before calling Cognito, the password against the policy', async () => {
    const { flow, cognito, calls } = setup();
    await flow.signUp('a b', 'ada@example.com', password);
    await flow.signUp('Pyro', 'ada@example.com', password);
    await flow.signUp('ada', 'ada@', password);
    await flow.signUp('ada', 'ada@example.com', 'longbutsimple');
    expect(cognito.signUp).not.toHaveBeenCalled();
    expect(calls).toEqual([
      ['showProblem', 'Use only letters, digits, _ or - (no spaces).', 'username'],
      ['showProblem', "Pyro is the bot's name: pick another.", 'username'],
      ['showProblem', 'That does not look like an e-mail address.', 'email'],
      ['showProblem', `The password must have ${passwordPolicy}.`, 'password'],
    ]);
  });

  it('says a taken name, stays on the form, and keeps the buttons disabled only while calling', async () => {
    const pending = deferred<{ confirmed: boolean }>();
    const { flow, calls } = setup({ signUp: () => pending.promise });
    flow.open('signUp');
    const signingUp = flow.signUp('ada', 'ada@example.com', password);
    expect(calls.at(-1)).toEqual(['showProblem', '']);
    expect(calls).toContainEqual(['setBusy', true]);
    pending.reject(new CognitoError('UsernameExistsException', 'User already exists', 400));
    await signingUp;
    expect(calls.slice(-2)).toEqual([
      ['showProblem', 'That username is taken. Pick another.', 'username'],
      ['setBusy', false],
    ]);
    expect(flow.current).toBe('signUp');
  });

  it('goes straight to sign-in when the pool confirmed the account itself', async () => {
    const { flow } = setup({ signUp: async () => ({ confirmed: true }) });
    await flow.signUp('ada', 'ada@example.com', password);
    expect(flow.current).toBe('signIn');
  });

  it('marks a wrong code, and sends a new one on request', async () => {
    const { flow, cognito, calls } = setup({ confirmSignUp: refuse('CodeMismatchException') });
    flow.open('confirm', { username: 'ada' });
    await flow.confirm('12345');
    expect(calls.at(-1)).toEqual(['showProblem', 'Enter the 6-digit code from the e-mail.', 'code']);
    await flow.confirm('123456');
    expect(calls).toContainEqual([
      'showProblem',
      'That code is not right. Check the e-mail and try again.',
      'code',
    ]);
    await flow.resend();
    expect(cognito.resendCode).toHaveBeenCalledWith('ada');
    expect(calls).toContainEqual(['showInfo', 'We sent a new code to a***@e***.']);
    expect(flow.current).toBe('confirm');
  });
});

describe('AccountFlow: signing in', () => {
  it('hands the tokens to the session', async () => {
    const { flow, cognito, signedIn, calls } = setup();
    await flow.signIn(' ada ', password);
    expect(cognito.signIn).toHaveBeenCalledWith('ada', password);
    expect(signedIn).toEqual([{ accessToken: 'access', refreshToken: 'refresh' }]);
    expect(calls).toEqual([
      ['setBusy', true],
      ['showProblem', ''],
      // The form emptied behind the chat: no password left in the page.
      ['showForm', 'signIn', { username: 'ada', focus: false }],
      ['setBusy', false],
    ]);
  });

  it('says a wrong password and puts the person back on the password', async () => {
    const { flow, calls, signedIn } = setup({ signIn: refuse('NotAuthorizedException') });
    await flow.signIn('ada', 'wrong');
    expect(calls).toContainEqual(['showProblem', 'Wrong username or password.', 'password']);
    expect(signedIn).toEqual([]);
  });

  it('opens the code step for an account whose e-mail is not verified', async () => {
    const { flow, calls } = setup({ signIn: refuse('UserNotConfirmedException') });
    await flow.signIn('ada', password);
    expect(flow.current).toBe('confirm');
    expect(calls).toContainEqual([
      'showForm',
      'confirm',
      {
        username: 'ada',
        focus: true,
        problem: 'This account’s e-mail address is not verified yet. Enter the code we sent you.',
      },
    ]);
  });

  it('asks for both fields, and says so when accounts are not available or a token is unreadable', async () => {
    const { flow, calls } = setup();
    await flow.signIn('', password);
    await flow.signIn('ada', '');
    expect(calls).toEqual([
      ['showProblem', 'Enter your username.', 'username'],
      ['showProblem', 'Enter your password.', 'password'],
    ]);
    const none = setup({}, { noCognito: true });
    await none.flow.signIn('ada', password);
    expect(none.calls).toEqual([['showProblem', noAccountsMessage]]);
    const unreadable = setup({}, { unreadable: true });
    await unreadable.flow.signIn('ada', password);
    expect(unreadable.calls).toContainEqual([
      'showProblem',
      'The sign-in service sent a token this page cannot read.',
    ]);
  });
});

describe('AccountFlow: a forgotten password', () => {
  it('sends a code, sets the new password with it, and returns to sign-in', async () => {
    const { flow, cognito, calls } = setup();
    flow.open('forgot', { username: 'ada' });
    await flow.forgot('ada');
    expect(cognito.forgotPassword).toHaveBeenCalledWith('ada');
    expect(flow.current).toBe('reset');
    await flow.resend();
    expect(cognito.forgotPassword).toHaveBeenCalledTimes(2);
    expect(cognito.resendCode).not.toHaveBeenCalled();
    await flow.reset('654321', 'New-horse-2');
    expect(cognito.confirmForgotPassword).toHaveBeenCalledWith('ada', '654321', 'New-horse-2');
    expect(flow.current).toBe('signIn');
    expect(calls).toContainEqual([
      'showForm',
      'signIn',
      { username: 'ada', focus: true, info: 'Your password is changed. Sign in with the new one.' },
    ]);
  });

  it('marks an expired code, a weak new password, and says when to wait', async () => {
    const { flow, calls } = setup({
      confirmForgotPassword: refuse('ExpiredCodeException'),
      forgotPassword: refuse('LimitExceededException'),
    });
    flow.open('reset', { username: 'ada' });
    await flow.reset('654321', 'weak');
    expect(calls.at(-1)).toEqual(['showProblem', `The password must have ${passwordPolicy}.`, 'password']);
    await flow.reset('654321', 'New-horse-2');
    expect(calls).toContainEqual(['showProblem', 'That code has expired. Ask for a new one.', 'code']);
    await flow.resend();
    expect(calls).toContainEqual([
      'showProblem',
      'Too many attempts. Wait a few minutes, then try again.',
      undefined,
    ]);
  });
});
