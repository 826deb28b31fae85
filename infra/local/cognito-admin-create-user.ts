/**
 * AdminCreateUser runs the PreSignUp trigger, as on AWS (trigger source `PreSignUp_AdminCreateUser`): cognito-local
 * 5.3 calls the trigger from SignUp only, so locally an administrator (anyone with the local credentials) could
 * create a user whose name the trigger would refuse — the bot's, a look-alike of another account's, a live guest's
 * — and that no reservation keeps guests out of. A refusal is the trigger's `UserLambdaValidationException`, and no
 * user is made.
 */
import type { Router } from 'cognito-local/lib/server/Router';
import type { Services } from 'cognito-local/lib/services';
import type { AdminCreateUserTarget } from 'cognito-local/lib/targets/adminCreateUser';

type AdminCreateUserRequest = Parameters<AdminCreateUserTarget>[1];

/** What AWS passes as `callerContext.clientId` when no app client is involved. */
const NO_CLIENT = 'CLIENT_ID_NOT_APPLICABLE';

/** The emulator's router, its AdminCreateUser preceded by the PreSignUp trigger when the pool has one. */
export function withAdminCreateUserTrigger(
  router: Router,
  services: Pick<Services, 'cognito' | 'triggers'>,
): Router {
  const { cognito, triggers } = services;
  return (target) => {
    const route = router(target);
    if (target !== 'AdminCreateUser') return route;
    return async (ctx, req: AdminCreateUserRequest) => {
      const userPool = await cognito.getUserPool(ctx, req.UserPoolId);
      // An existing user is the target's own UsernameExistsException, without the trigger, as on AWS.
      if (triggers.enabled('PreSignUp') && !(await userPool.getUserByUsername(ctx, req.Username))) {
        await triggers.preSignUp(ctx, {
          clientId: NO_CLIENT,
          clientMetadata: req.ClientMetadata,
          source: 'PreSignUp_AdminCreateUser',
          userAttributes: req.UserAttributes ?? [],
          username: req.Username,
          userPoolId: req.UserPoolId,
          validationData: req.ValidationData
            ? Object.fromEntries(req.ValidationData.map(({ Name, Value }) => [Name, Value ?? '']))
            : undefined,
        });
      }
      return route(ctx, req);
    };
  };
}
