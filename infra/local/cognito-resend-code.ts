/**
 * ResendConfirmationCode, which cognito-local 5.3 lacks (it answers 500 `CognitoLocal#Unsupported`): the page's
 * "Send a new code" on the code step needs it. Built from the emulator's own services, as its SignUp target sends
 * the first code: a new code replaces the one kept on the user (so only the newest confirms, as on AWS) and goes
 * through the message service to the outbox. AWS's answers: an unknown user UserNotFoundException, an account
 * already confirmed InvalidParameterException "User is already confirmed.".
 */

import { InvalidParameterError, UserNotFoundError } from 'cognito-local/lib/errors';
import type { Router } from 'cognito-local/lib/server/Router';
import type { Services } from 'cognito-local/lib/services';
import { selectAppropriateDeliveryMethod } from 'cognito-local/lib/services/messageDelivery/deliveryMethod';

interface ResendConfirmationCodeRequest {
  ClientId: string;
  Username: string;
  ClientMetadata?: Record<string, string>;
}

function resendConfirmationCode(services: Services): ReturnType<Router> {
  const { cognito, clock, messages, otp } = services;
  return async (ctx, req: ResendConfirmationCodeRequest) => {
    const userPool = await cognito.getUserPoolForClientId(ctx, req.ClientId);
    const user = await userPool.getUserByUsername(ctx, req.Username);
    if (!user) throw new UserNotFoundError('Username/client id combination not found.');
    if (user.UserStatus === 'CONFIRMED') throw new InvalidParameterError('User is already confirmed.');
    const delivery = selectAppropriateDeliveryMethod(userPool.options.AutoVerifiedAttributes ?? [], user);
    if (!delivery) throw new InvalidParameterError('User has no attribute to send a code to.');
    const code = otp();
    await messages.deliver(
      ctx,
      'ResendCode',
      req.ClientId,
      userPool.options.Id,
      user,
      code,
      req.ClientMetadata,
      delivery,
    );
    await userPool.saveUser(ctx, { ...user, UserLastModifiedDate: clock.get(), ConfirmationCode: code });
    return { CodeDeliveryDetails: delivery };
  };
}

/** The emulator's router with the operations it lacks added (its own answer every other target). */
export function withMissingTargets(router: Router, services: Services): Router {
  const resend = resendConfirmationCode(services);
  return (target) => (target === 'ResendConfirmationCode' ? resend : router(target));
}
