import { CfnOutput, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { eventBus, functions, httpRoutes, movieApiKeyPlaceholder, webSocketRoutes } from '../spec';
import { applyBinding } from './constructs/bindings';
import { ChatEventBus } from './constructs/chat-event-bus';
import { ChatFunction } from './constructs/chat-function';
import { ChatTable } from './constructs/chat-table';
import { ChatHttpApi, routeKey } from './constructs/http-api';
import { Monitoring } from './constructs/monitoring';
import { acknowledge } from './constructs/nag';
import { ReminderScheduler } from './constructs/reminder-scheduler';
import { Site } from './constructs/site';
import { ChatWebSocketApi } from './constructs/websocket-api';
import { fromRoot } from './paths';

export interface ChatStackProps extends StackProps {
  /** Passed to every function as APP_VERSION. */
  appVersion: string;
  /** An alternate domain name for the site and its ACM certificate's ARN (us-east-1, as CloudFront requires). */
  customDomain?: { domainName: string; certificateArn: string };
}

/** Chatty on AWS, built by looping over infra/spec.ts. */
export class ChatStack extends Stack {
  readonly functions = new Map<string, ChatFunction>();

  constructor(scope: Construct, id: string, props: ChatStackProps) {
    super(scope, id, props);

    const table = new ChatTable(this, 'Table');
    const events = new ChatEventBus(this, 'Events', { eventBusName: eventBus.name });
    const reminders = new ReminderScheduler(this, 'Reminders', { bus: events.bus });

    const tokenSecret = new Secret(this, 'TokenSecret', {
      description: 'Chatty: HMAC key that signs guest session tokens (generated at deploy)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    acknowledge(
      tokenSecret,
      'AwsSolutions-SMG4',
      'Rotating the signing key would sign every guest out at once; guest tokens are short-lived instead.',
    );
    // The operator fills this after the first deploy (the generated placeholder is not a valid key):
    //   aws secretsmanager put-secret-value --secret-id <MovieApiKeySecretArn output> --secret-string <OMDb key>
    const movieApiKey = new Secret(this, 'MovieApiKey', {
      description: 'Chatty: OMDb API key for the bot; set it with put-secret-value',
      // Not a secret: a marker the bot reads as "no key yet" (it then tells people how to configure one).
      secretStringValue: SecretValue.unsafePlainText(movieApiKeyPlaceholder),
    });
    acknowledge(
      movieApiKey,
      'AwsSolutions-SMG4',
      'A third-party key issued by OMDb; it can only be rotated by hand at omdbapi.com.',
    );

    const { customDomain } = props;
    const site = new Site(this, 'Site', {
      assetDir: fromRoot('web/dist'),
      customDomain: customDomain && {
        domainName: customDomain.domainName,
        certificate: Certificate.fromCertificateArn(this, 'SiteCertificate', customDomain.certificateArn),
      },
    });
    const httpApi = new ChatHttpApi(this, 'HttpApi', { allowedOrigin: site.url });
    const webSocketApi = new ChatWebSocketApi(this, 'WebSocketApi');

    for (const spec of functions) {
      this.functions.set(
        spec.name,
        new ChatFunction(this, spec.name, { spec, appVersion: props.appVersion, serviceName: 'chatty' }),
      );
    }
    const functionNamed = (name: string): ChatFunction => {
      const fn = this.functions.get(name);
      if (!fn) throw new Error(`infra/aws: the spec names an unknown function ${name}`);
      return fn;
    };

    httpApi.addRoutes(httpRoutes, functionNamed);
    webSocketApi.addRoutes(webSocketRoutes, functionNamed);
    events.addRules(eventBus.rules, functionNamed);

    // The bot's reply path is the (one) IAM-authorized route; its `botApi` binding may invoke nothing else.
    const botRoute = httpRoutes.find((r) => r.auth === 'iam');
    if (!botRoute || !httpApi.routes.has(routeKey(botRoute))) {
      throw new Error('infra/aws: the spec has no IAM-authorized route for the bot');
    }
    const targets = {
      table,
      bus: events.bus,
      socketsStage: webSocketApi.stage,
      tokenSecret,
      movieApiKey,
      botRoute: { httpApi: httpApi.api, route: botRoute },
      httpApiUrl: httpApi.url,
      reminders,
    };
    for (const fn of this.functions.values()) {
      for (const binding of fn.spec.bindings) applyBinding(fn, binding, targets);
    }

    site.deploy({ httpApiUrl: httpApi.url, webSocketUrl: webSocketApi.url });

    // Dashboard, alarms and the health canary. Alarm e-mails: cdk deploy -c alarmEmail=ops@example.com
    new Monitoring(this, 'Monitoring', {
      httpApi: httpApi.api,
      httpApiUrl: httpApi.url,
      webSocketStage: webSocketApi.stage,
      webSocketUrl: webSocketApi.url,
      functions: this.functions,
      table,
      events,
      ruleNames: eventBus.rules.map((r) => r.name),
      alarmEmail: this.node.tryGetContext('alarmEmail') as string | undefined,
    });

    new CfnOutput(this, 'SiteUrl', { value: site.url, description: 'Open this in a browser' });
    new CfnOutput(this, 'HttpApiUrl', { value: httpApi.url });
    new CfnOutput(this, 'WebSocketUrl', { value: webSocketApi.url });
    for (const [rule, queue] of events.deadLetterQueues) {
      new CfnOutput(this, `${rule}DeadLetterQueueUrl`, {
        value: queue.queueUrl,
        description: `Events the ${rule} rule could not deliver after its retries`,
      });
    }
    new CfnOutput(this, 'MovieApiKeySecretArn', {
      value: movieApiKey.secretArn,
      description: 'Put the OMDb API key here (aws secretsmanager put-secret-value)',
    });
  }
}
