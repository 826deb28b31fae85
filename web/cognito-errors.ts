/** What to tell a person when Cognito refuses a step, and which field to send them back to. */
// sign-up.ts directly: the contract's index would bring schemas the page does not use into its bundle.
import { signUpRefusals } from '../lambdas/contract/sign-up';
import { CognitoError } from './cognito';

/** The user pool's policy (infra/aws/constructs/user-pool.ts), in the words the page shows. */
export const passwordPolicy =
  'at least 8 characters, with an upper-case letter, a lower-case letter, a digit and a symbol';

export type AccountStep = 'signIn' | 'signUp' | 'confirm' | 'resend' | 'forgot' | 'reset';
export type AccountField = 'username' | 'email' | 'password' | 'code';

export interface AccountProblem {
  message: string;
  /** The field to mark and focus; none when nothing the person typed is wrong (a limit, an outage). */
  field?: AccountField;
  /** The account exists but its e-mail is not verified yet: offer the code step. */
  unconfirmed?: boolean;
}

const tryLater = 'Too many attempts. Wait a few minutes, then try again.';

export function accountProblem(err: unknown, step: AccountStep): AccountProblem {
  if (!(err instanceof CognitoError)) return { message: 'Something went wrong. Please try again.' };
  switch (err.code) {
    case 'UsernameExistsException':
      return { message: 'That username is taken. Pick another.', field: 'username' };
    // Chatty's PreSignUp trigger refused the name (reserved, taken, or a look-alike of one); Cognito wraps its
    // reason as `PreSignUp failed with error <reason>.`.
    case 'UserLambdaValidationException': {
      const reason = /failed with error (.+?)\.?$/.exec(err.message)?.[1];
      const known = (Object.values(signUpRefusals) as string[]).find((r) => r === reason);
      return {
        message: known ? `${known}. Pick another.` : 'That username is not available. Pick another.',
        field: 'username',
      };
    }
    case 'UserNotConfirmedException':
      return {
        message: 'This account’s e-mail address is not verified yet. Enter the code we sent you.',
        unconfirmed: true,
      };
    case 'NotAuthorizedException':
      if (step === 'signIn') return { message: 'Wrong username or password.', field: 'password' };
      // ConfirmSignUp on an account already confirmed.
      if (step === 'confirm' && /CONFIRMED/i.test(err.message))
        return { message: 'This account is already verified: sign in.' };
      return { message: 'That is not allowed for this account. Sign in again.' };
    // Cognito hides whether an account exists (prevent user existence errors); the emulator does not.
    case 'UserNotFoundException':
      return step === 'signIn'
        ? { message: 'Wrong username or password.', field: 'password' }
        : { message: 'No account has that username.', field: 'username' };
    case 'CodeMismatchException':
      return { message: 'That code is not right. Check the e-mail and try again.', field: 'code' };
    case 'ExpiredCodeException':
      return { message: 'That code has expired. Ask for a new one.', field: 'code' };
    case 'InvalidPasswordException':
      // cognito-local answers a wrong password with this (Cognito: NotAuthorizedException).
      if (step === 'signIn') return { message: 'Wrong username or password.', field: 'password' };
      return { message: `The password must have ${passwordPolicy}.`, field: 'password' };
    case 'LimitExceededException':
    case 'TooManyRequestsException':
    case 'TooManyFailedAttemptsException':
      return { message: tryLater };
    case 'CodeDeliveryFailureException':
      return { message: 'We could not send the code. Check the e-mail address.', field: 'email' };
    case 'InvalidParameterException':
      return { message: `Check what you typed: ${err.message}` };
    case 'NetworkError':
      return { message: 'Cannot reach the sign-in service. Check your connection.' };
    default:
      return { message: 'The sign-in service could not do that just now. Please try again.' };
  }
}
