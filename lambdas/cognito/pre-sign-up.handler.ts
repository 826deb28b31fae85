import type { PreSignUpTriggerEvent } from 'aws-lambda';
import { type AccountNameReservations, reserveAccountName } from '../core/account-names';
import type { Clock } from '../core/ports';

/**
 * Cognito's PreSignUp trigger (SignUp, and AdminCreateUser on AWS): reserves the username's skeleton for the new
 * account, or refuses the sign-up. Throwing is how a trigger refuses: Cognito answers the caller
 * `UserLambdaValidationException` "PreSignUp failed with error <message>." and creates no user. Returning the
 * event unchanged lets the sign-up go on as the pool is configured (the e-mail code still confirms it). The
 * reservation is pending until the code would have expired; PostConfirmation makes it permanent.
 */
export function makePreSignUpHandler(deps: {
  names: AccountNameReservations;
  clock: Clock;
  /** How long the reservation waits for the e-mail to be confirmed (ACCOUNT_NAME_PENDING_SECONDS). */
  pendingSeconds: number;
}) {
  return async (event: PreSignUpTriggerEvent): Promise<PreSignUpTriggerEvent> => {
    const nowSeconds = Math.floor(deps.clock.now() / 1000);
    await reserveAccountName(deps.names, event.userName, nowSeconds, deps.pendingSeconds);
    return event;
  };
}
