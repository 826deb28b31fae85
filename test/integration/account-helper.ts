import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { LocalCloud } from '../../infra/local/cloud';
import { readOutbox } from '../../infra/local/cognito-local';
import { localCredentials } from '../../infra/local/types';

const password = 'Correct-horse-1';

/**
 * Accounts on the local cloud's Cognito emulator, through the real SDK client: sign up, the code from the cloud's
 * outbox, confirm, password sign-in. Returns the access token (the Bearer token and the socket's `token`).
 */
export class Accounts {
  private readonly cognito: CognitoIdentityProviderClient;

  constructor(private readonly cloud: LocalCloud) {
    this.cognito = new CognitoIdentityProviderClient({
      endpoint: cloud.auth.endpoint,
      region: cloud.auth.region,
      credentials: localCredentials,
    });
  }

  async create(username: string): Promise<string> {
    const clientId = this.cloud.auth.userPoolClientId;
    await this.cognito.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: username,
        Password: password,
        UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
      }),
    );
    const code = (await readOutbox(this.cloud.outboxFile))
      .filter((m) => m.username === username)
      .at(-1)?.code;
    if (!code) throw new Error(`no code in the outbox for ${username}`);
    await this.cognito.send(
      new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: code }),
    );
    const { AuthenticationResult: result } = await this.cognito.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
    if (!result?.AccessToken) throw new Error(`no access token for ${username}`);
    return result.AccessToken;
  }

  destroy(): void {
    this.cognito.destroy();
  }
}
