import { readFileSync } from 'node:fs';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildWeb } from '../../web/build';
import { ChatStack } from './chat-stack';
import { fromRoot } from './paths';

// The site deploys the built page: build it first, so a plain `npx cdk synth` / `cdk deploy` works on a fresh clone.
await buildWeb();

const app = new App();
const { version } = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string };

// Optional custom domain for the site (then viewers get TLS 1.2 at least):
//   cdk deploy -c siteDomainName=chat.example.com -c siteCertificateArn=arn:aws:acm:us-east-1:…
const domainName = app.node.tryGetContext('siteDomainName') as string | undefined;
const certificateArn = app.node.tryGetContext('siteCertificateArn') as string | undefined;

new ChatStack(app, 'Chatty', {
  description: 'Chatty: realtime serverless chat with a resident bot',
  appVersion: process.env.APP_VERSION ?? version,
  customDomain: domainName && certificateArn ? { domainName, certificateArn } : undefined,
});

// cdk-nag 3 is a policy-validation plugin (no longer an aspect): synth reports, and fails on, every
// AwsSolutions finding that is not acknowledged with Validations.of(construct).acknowledge().
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
