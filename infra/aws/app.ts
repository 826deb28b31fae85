import { readFileSync } from 'node:fs';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildWeb } from '../../web/build';
import { ChatStack } from './chat-stack';
import { deployOptions } from './context';
import { fromRoot } from './paths';

// The site deploys the built page: build it first, so a plain `npx cdk synth` / `cdk deploy` works on a fresh clone.
await buildWeb();

const app = new App();
const { version } = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string };

// Context options (see README, "Deploy to AWS"):
//   -c stage=dev                          a second copy in the same account and region (stack Chatty-dev)
//   -c siteDomainName=chat.example.com -c siteCertificateArn=arn:aws:acm:us-east-1:…   custom domain (TLS 1.2+)
//   -c apiGatewayAccountLogging=true|existing   WebSocket access logs (touches an account-wide setting)
//   -c alarmEmail=ops@example.com         alarm e-mails
//   -c budgetUsd=50                       a monthly cost budget (e-mails alarmEmail at 80%/100% spent, 100% forecast)
//   -c reservedConcurrency=off|N          Lambda reserved concurrency: none, or N per function (default: the spec's)
//   -c admins=ada,grace                   accounts that moderate every public room and the lobby (default: none)
const options = deployOptions((key) => app.node.tryGetContext(key));

new ChatStack(app, options.stackName, {
  description: `Chatty: realtime serverless chat with a resident bot${options.stage ? ` (stage ${options.stage})` : ''}`,
  appVersion: process.env.APP_VERSION ?? version,
  customDomain: options.customDomain,
  apiGatewayAccountLogging: options.apiGatewayAccountLogging,
  budgetUsd: options.budgetUsd,
  reservedConcurrency: options.reservedConcurrency,
  admins: options.admins,
});

// cdk-nag 3 is a policy-validation plugin (no longer an aspect): synth reports, and fails on, every
// AwsSolutions finding that is not acknowledged with Validations.of(construct).acknowledge().
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
