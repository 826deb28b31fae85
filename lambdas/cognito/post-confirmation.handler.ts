import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { type AccountNameReservations, confirmAccountName } from '../core/account-names';
import type { Clock } from '../core/ports';

/**
 * Cognito's PostConfirmation trigger: the e-mail code confirmed the sign-up (ConfirmSignUp, or AdminConfirmSignUp,
 * which Cognito reports with the same trigger source), so the username's pending reservation from PreSignUp becomes
 * permanent. A confirmed password reset (`PostConfirmation_ConfirmForgotPassword`) changes no name. Throwing makes
 * Cognito answer `UserLambdaValidationException` "PostConfirmation failed with error <message>.".
 */
export function makePostConfirmationHandler(deps: { names: AccountNameReservations; clock: Clock }) {
  return async (event: PostConfirmationTriggerEvent): Promise<PostConfirmationTriggerEvent> => {
    if (event.triggerSource !== 'PostConfirmation_ConfirmSignUp') return event;
    await confirmAccountName(deps.names, event.userName, Math.floor(deps.clock.now() / 1000));
    return event;
  };
}
