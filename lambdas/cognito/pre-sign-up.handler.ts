import type { PreSignUpTriggerEvent } from 'aws-lambda';
import { type AccountNameReservations, reserveAccountName } from '../core/account-names';
import type { Clock } from '../core/ports';

/**
 * Cognito's PreSignUp trigger (SignUp, and AdminCreateUser on AWS): reserves the username's skeleton for the new
 * account, or refuses the sign-up. Throwing is how a trigger refuses: Cognito answers the caller
 * `UserLambdaValidationException` "PreSignUp failed with error <message>." and creates no user. Returning the
 * event unchanged lets the sign-up go on as the pool is configured (the e-mail code still confirms it).
 */
export function makePreSignUpHandler(deps: { names: AccountNameReservations; clock: Clock }) {
  return async (event: PreSignUpTriggerEvent): Promise<PreSignUpTriggerEvent> => {
    await reserveAccountName(deps.names, event.userName, Math.floor(deps.clock.now() / 1000));
    return event;
  };
}
