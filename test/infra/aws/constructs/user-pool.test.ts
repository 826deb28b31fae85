import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { ChatStack } from '../../../../infra/aws/chat-stack';
import { ChatUserPool, tokenValidity } from '../../../../infra/aws/constructs/user-pool';
import { userPoolTriggers } from '../../../../infra/spec';
import { only } from '../../../lists';

function synth() {
  const app = new App();
  const stack = new Stack(app, 'Chatty-dev');
  const accounts = new ChatUserPool(stack, 'Accounts');
  return { app, stack, accounts, template: Template.fromStack(stack) };
}

function logicalId(stack: Stack, construct: IConstruct): string {
  const resource = construct.node.defaultChild;
  if (!(resource instanceof CfnElement))
    throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return stack.getLogicalId(resource);
}

describe('ChatUserPool', () => {
  it('lets people sign up with a username and a required e-mail that is verified by a code', () => {
    const { template } = synth();
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      AutoVerifiedAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      Schema: Match.arrayWith([Match.objectLike({ Name: 'email', Required: true })]),
      VerificationMessageTemplate: Match.objectLike({ DefaultEmailOption: 'CONFIRM_WITH_CODE' }),
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      UserPoolTier: 'LITE',
    });
    // Usernames, not e-mail addresses, are what people sign in with (and what the chat shows).
    const [pool] = Object.values(template.findResources('AWS::Cognito::UserPool'));
    expect(pool?.Properties.UsernameAttributes).toBeUndefined();
    expect(pool?.Properties.AliasAttributes).toBeUndefined();
  });

  it('has no fixed name and goes with the stack, so the stack deploys twice and again after destroy', () => {
    const { template } = synth();
    const [pool] = Object.values(template.findResources('AWS::Cognito::UserPool'));
    expect(pool?.Properties.UserPoolName).toBeUndefined();
    expect(pool?.DeletionPolicy).toBe('Delete');
    expect(pool?.Properties.DeletionProtection).toBe('INACTIVE');
    const [client] = Object.values(template.findResources('AWS::Cognito::UserPoolClient'));
    expect(client?.Properties.ClientName).toBeUndefined();
  });

  it('gives the page a public client (no secret): password, SRP and refresh sign-in, the chosen token lifetimes', () => {
    const { template } = synth();
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    const [client] = Object.values(template.findResources('AWS::Cognito::UserPoolClient'));
    expect(client?.Properties.GenerateSecret).toBe(false);
    expect([...(client?.Properties.ExplicitAuthFlows ?? [])].sort()).toEqual([
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_USER_SRP_AUTH',
    ]);
    // No OAuth grant, scope or callback: the page uses no hosted UI.
    expect(client?.Properties.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(client?.Properties.AllowedOAuthFlows).toBeUndefined();
    expect(client?.Properties.CallbackURLs).toBeUndefined();
    expect(client?.Properties).toMatchObject({
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 43200,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
    });
    expect(tokenValidity.accessToken.toHours()).toBe(1);
    expect(tokenValidity.refreshToken.toDays()).toBe(30);
  });

  it("gives config.json the pool's region, id and client id", () => {
    const { stack, accounts } = synth();
    expect(stack.resolve(accounts.config)).toEqual({
      region: { Ref: 'AWS::Region' },
      userPoolId: { Ref: logicalId(stack, accounts.pool) },
      userPoolClientId: { Ref: logicalId(stack, accounts.client) },
    });
  });

  it('passes cdk-nag: a strong password policy, MFA and threat protection acknowledged with reasons', () => {
    const { app, template } = synth();
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 8,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
    });
    // cdk-nag 3 is a policy-validation plugin; validateScope runs the same checks `cdk synth` runs.
    const report = new AwsSolutionsChecks().validateScope(app);
    const findings = report.violations.flatMap((v) =>
      v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}`),
    );
    expect(findings).toEqual([]);
  });
});

describe('the stack', () => {
  // No stack is bundled: these tests read the pool, config.json and the page's headers, not the functions' code.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new ChatStack(app, 'Chatty', { appVersion: 'test' });
  const template = Template.fromStack(stack);
  const accounts = stack.node.findChild('Accounts');
  if (!(accounts instanceof ChatUserPool)) throw new Error('the stack has no ChatUserPool named Accounts');
  const poolId = logicalId(stack, accounts.pool);
  const clientId = logicalId(stack, accounts.client);

  it('has one user pool, and config.json gives the page its region, id and client id', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    const deployment = only(
      Object.values(template.findResources('Custom::CDKBucketDeployment')),
      'bucket deployment',
    );
    const markers = JSON.stringify(deployment.Properties.SourceMarkers);
    expect(markers).toContain(JSON.stringify({ Ref: poolId }));
    expect(markers).toContain(JSON.stringify({ Ref: clientId }));
    expect(markers).toContain(JSON.stringify({ Ref: 'AWS::Region' }));
  });

  it("lets the page call Cognito's regional endpoint (its CSP connect-src)", () => {
    const policy = only(
      Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy')),
      'response headers policy',
    );
    const csp = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy;
    expect(JSON.stringify(csp.ContentSecurityPolicy)).toContain('https://cognito-idp.');
  });

  // PreSignUp before every sign-up, PostConfirmation once one is confirmed.
  const triggers = [
    ['PreSignUp', userPoolTriggers.preSignUp],
    ['PostConfirmation', userPoolTriggers.postConfirmation],
  ] as const;

  it.each(triggers)('calls its %s function, and only this pool may invoke it', (trigger, name) => {
    const fn = stack.functions.get(name);
    if (!fn) throw new Error(`the stack has no ${name} function`);
    const functionId = logicalId(stack, fn);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: { [trigger]: { 'Fn::GetAtt': [functionId, 'Arn'] } },
      // On AWS Cognito folds case itself; the trigger folds the rest (spaces, _/-, look-alikes) on AWS and locally.
      UsernameConfiguration: { CaseSensitive: false },
    });
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).filter(
      (p) =>
        JSON.stringify(p.Properties.FunctionName) === JSON.stringify({ 'Fn::GetAtt': [functionId, 'Arn'] }),
    );
    expect(permissions.map((p) => p.Properties)).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
        Principal: 'cognito-idp.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [poolId, 'Arn'] },
      },
    ]);
  });

  it.each(triggers)('lets %s put name items in the table and nothing else (but logs, traces)', (_, name) => {
    const fn = stack.functions.get(name);
    if (!fn) throw new Error(`the stack has no ${name} function`);
    const roleId = logicalId(stack, fn.executionRole);
    const tableId = logicalId(stack, stack.node.findChild('Table'));
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[]);
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions.filter((a) => !/^(logs|xray):/.test(String(a)))).toEqual(['dynamodb:PutItem']);
    expect(statements.filter((s) => s.Action === 'dynamodb:PutItem')).toEqual([
      {
        Effect: 'Allow',
        Action: 'dynamodb:PutItem',
        Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['NAME#*'] } },
      },
    ]);
  });

  it('outputs the pool and client ids', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.UserPoolId?.Value).toEqual({ Ref: poolId });
    expect(outputs.UserPoolClientId?.Value).toEqual({ Ref: clientId });
  });
});
