import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  UserPool,
  type UserPoolClient,
  UserPoolOperation,
  VerificationEmailStyle,
} from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { accountTokenValidity } from '../../spec';
import { acknowledge } from './nag';

/**
 * How long the app client's tokens live: infra/spec.ts `accountTokenValidity` (an hour's access token, a 30 days'
 * refresh token, and why), where the sign-out's revocations read it too. The page refreshes the access token
 * before it expires.
 */
export const tokenValidity = {
  accessToken: Duration.minutes(accountTokenValidity.accessTokenMinutes),
  idToken: Duration.minutes(accountTokenValidity.idTokenMinutes),
  refreshToken: Duration.days(accountTokenValidity.refreshTokenDays),
};

/** What the page learns from `/config.json` to talk to the pool with any Cognito client. */
export interface UserPoolConfig {
  region: string;
  userPoolId: string;
  userPoolClientId: string;
}

export interface ChatUserPoolProps {
  /**
   * The PreSignUp trigger (infra/spec.ts `userPoolTriggers`), which reserves a new username's skeleton against
   * other accounts, guests and the bot. The stack always gives it; a pool alone (in tests) may go without.
   */
  preSignUp?: IFunction;
  /** The PostConfirmation trigger, which makes a confirmed account's username reservation permanent. */
  postConfirmation?: IFunction;
}

/**
 * Chatty's accounts: a Cognito user pool (self sign-up with a username and a required, verified e-mail; usernames
 * unique regardless of case) and the page's app client (public: no secret; password and SRP sign-in, refresh).
 *
 * No fixed names (the stack deploys twice side by side) and DESTROY: accounts go with the stack, like the rest of
 * it except the chat history.
 */
export class ChatUserPool extends Construct {
  readonly pool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: ChatUserPoolProps = {}) {
    super(scope, id);
    this.pool = new UserPool(this, 'Pool', {
      selfSignUpEnabled: true,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true } },
      autoVerify: { email: true },
      keepOriginal: { email: true },
      userVerification: {
        emailStyle: VerificationEmailStyle.CODE,
        emailSubject: 'Your Chatty verification code',
        emailBody: 'Your Chatty verification code is {####}',
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 8,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OFF,
      // Lite: sign-up, sign-in, refresh and token revocation are all Chatty uses, at the lowest price per monthly
      // active user past the free tier (see the README); Plus (threat protection) is billed from the first user.
      featurePlan: FeaturePlan.LITE,
      // Cognito's own sender (50 e-mails a day): enough to try it; an SES identity lifts the cap in production.
      removalPolicy: RemovalPolicy.DESTROY,
      deletionProtection: false,
    });
    // Cognito may invoke it for this pool only (addTrigger's permission names the pool's ARN as the source).
    if (props.preSignUp) this.pool.addTrigger(UserPoolOperation.PRE_SIGN_UP, props.preSignUp);
    if (props.postConfirmation)
      this.pool.addTrigger(UserPoolOperation.POST_CONFIRMATION, props.postConfirmation);
    acknowledge(
      this.pool,
      'AwsSolutions-COG2',
      'A chat with guest access: MFA would be friction with little to protect; accounts hold a name, not data.',
    );
    acknowledge(
      this.pool,
      'AwsSolutions-COG8',
      'Threat protection (Plus plan) is billed per monthly active user from the first; the APIs rate-limit instead.',
    );

    this.client = this.pool.addClient('PageClient', {
      // The page runs in a browser: a secret there would not be one.
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      // The page signs in through the API, never the hosted UI: without this CDK turns on the OAuth code and
      // implicit grants with every scope and a https://example.com callback, none of which Chatty uses.
      disableOAuth: true,
      accessTokenValidity: tokenValidity.accessToken,
      idTokenValidity: tokenValidity.idToken,
      refreshTokenValidity: tokenValidity.refreshToken,
      enableTokenRevocation: true,
      // "User does not exist" and "wrong password" give the same error, so sign-in cannot probe for usernames.
      preventUserExistenceErrors: true,
    });
  }

  /** `auth` in config.json. */
  get config(): UserPoolConfig {
    return {
      region: Stack.of(this).region,
      userPoolId: this.pool.userPoolId,
      userPoolClientId: this.client.userPoolClientId,
    };
  }
}
