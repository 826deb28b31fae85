/**
 * The `-c key=value` options of `cdk deploy`, read and checked in one place (app.ts passes them to ChatStack).
 */

/** How the WebSocket stage gets the account-wide API Gateway CloudWatch role its access logs need. */
export type ApiGatewayAccountLogging = 'off' | 'create' | 'existing';

/**
 * Lambda reserved concurrency per function: `spec` (the spec's values, the default), `off` (none reserved: for
 * accounts whose concurrency quota leaves no room, such as new accounts held at 10), or one number for every
 * function.
 */
export type ReservedConcurrency = 'spec' | 'off' | number;

export interface DeployOptions {
  /** `-c stage=dev`: a second copy in the same account and region, as stack `Chatty-dev`. */
  stage?: string;
  stackName: string;
  apiGatewayAccountLogging: ApiGatewayAccountLogging;
  customDomain?: { domainName: string; certificateArn: string };
  /** `-c budgetUsd=50`: a monthly AWS Budgets cost budget, e-mailing alarmEmail (monitoring-budget.ts). */
  budgetUsd?: number;
  /** `-c reservedConcurrency=off|N`. */
  reservedConcurrency: ReservedConcurrency;
  /** `-c admins=ada,grace`: the accounts that moderate every public room and the lobby (issue 16). */
  admins?: string;
}

// Stack names allow [A-Za-z0-9-] and must start with a letter; every physical name is derived from the stack
// name, and the canary's (lower-case, at most 21 characters) from its construct path, so keep stages short.
const stagePattern = /^[a-z][a-z0-9-]{0,11}$/;

export function deployOptions(context: (key: string) => unknown): DeployOptions {
  const text = (key: string): string | undefined => {
    const value = context(key);
    if (value === undefined || value === null || value === '') return undefined;
    return String(value);
  };
  const stage = text('stage');
  if (stage !== undefined && !stagePattern.test(stage)) {
    throw new Error(
      `infra/aws: -c stage=${stage} is not a stage name: use 1 to 12 lower-case letters, digits or '-', starting with a letter`,
    );
  }
  const logging = text('apiGatewayAccountLogging') ?? 'false';
  const apiGatewayAccountLogging = ({ false: 'off', true: 'create', existing: 'existing' } as const)[
    logging as 'false' | 'true' | 'existing'
  ];
  if (!apiGatewayAccountLogging) {
    throw new Error(
      `infra/aws: -c apiGatewayAccountLogging=${logging}: use true (create the account's role), existing (the ` +
        'account already has one) or false',
    );
  }
  const domainName = text('siteDomainName');
  const certificateArn = text('siteCertificateArn');
  if ((domainName === undefined) !== (certificateArn === undefined)) {
    throw new Error(
      'infra/aws: -c siteDomainName and -c siteCertificateArn go together (CloudFront needs both)',
    );
  }
  return {
    stage,
    stackName: stage ? `Chatty-${stage}` : 'Chatty',
    apiGatewayAccountLogging,
    customDomain: domainName && certificateArn ? { domainName, certificateArn } : undefined,
    budgetUsd: budget(text('budgetUsd')),
    reservedConcurrency: concurrency(text('reservedConcurrency')),
    admins: adminList(text('admins')),
  };
}

/** `-c admins=ada,grace`: account usernames ([A-Za-z0-9_-], as a username may be), comma-separated. */
function adminList(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((name) => name.trim());
  if (names.some((name) => !/^[A-Za-z0-9_-]{1,32}$/.test(name))) {
    throw new Error(
      `infra/aws: -c admins=${value}: give account usernames separated by commas, e.g. ada,grace`,
    );
  }
  return names.join(',');
}

function budget(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const usd = Number(value);
  if (!/^\d+(\.\d{1,2})?$/.test(value) || !(usd > 0)) {
    throw new Error(
      `infra/aws: -c budgetUsd=${value}: give the monthly budget in US dollars, e.g. 50 or 12.50`,
    );
  }
  return usd;
}

function concurrency(value: string | undefined): ReservedConcurrency {
  if (value === undefined || value === 'spec') return 'spec';
  if (value === 'off') return 'off';
  if (/^[1-9]\d{0,3}$/.test(value)) return Number(value);
  throw new Error(
    `infra/aws: -c reservedConcurrency=${value}: use off (reserve none), spec (the default) or a number of ` +
      'concurrent executions per function (1 to 9999)',
  );
}
