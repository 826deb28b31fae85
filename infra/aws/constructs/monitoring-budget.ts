import { Annotations, Stack } from 'aws-cdk-lib';
import { CfnBudget } from 'aws-cdk-lib/aws-budgets';
import { Construct } from 'constructs';

export interface MonthlyBudgetProps {
  /** The monthly amount in US dollars (context `budgetUsd`). */
  usd: number;
  /** Who is e-mailed (context `alarmEmail`); without it the budget is only shown in the Billing console. */
  email?: string;
}

/** When the budget e-mails: spend so far past 80% and 100% of the amount, and the month's forecast past 100%. */
export const budgetNotifications = [
  { notificationType: 'ACTUAL', threshold: 80 },
  { notificationType: 'ACTUAL', threshold: 100 },
  { notificationType: 'FORECASTED', threshold: 100 },
] as const;

/**
 * An AWS Budgets monthly cost budget: the last line of defence against a bill nobody expected. It watches the
 * account's whole bill (a budget cannot reliably attribute CloudWatch, data transfer or KMS charges to one stack),
 * and Budgets refreshes its figures only a few times a day, so it notices hours late; the CloudWatch alarms on
 * rate-limited requests, refused connections and throttles are the fast signal.
 *
 * It e-mails directly rather than through the alarm topic: that topic is encrypted with a key whose policy names
 * only CloudWatch, and an e-mail subscriber needs no key at all.
 */
export class MonthlyBudget extends Construct {
  readonly budget: CfnBudget;

  constructor(scope: Construct, id: string, props: MonthlyBudgetProps) {
    super(scope, id);
    const subscribers = props.email ? [{ subscriptionType: 'EMAIL', address: props.email }] : undefined;
    this.budget = new CfnBudget(this, 'Budget', {
      budget: {
        // Budget names are unique per account: the stack name keeps stage copies apart.
        budgetName: `${Stack.of(this).stackName}-monthly`,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: props.usd, unit: 'USD' },
      },
      notificationsWithSubscribers: subscribers
        ? budgetNotifications.map(({ notificationType, threshold }) => ({
            notification: {
              notificationType,
              comparisonOperator: 'GREATER_THAN',
              threshold,
              thresholdType: 'PERCENTAGE',
            },
            subscribers,
          }))
        : undefined,
    });
    if (!subscribers) {
      Annotations.of(this).addInfo(
        `The ${props.usd} USD monthly budget e-mails nobody: add -c alarmEmail=… to be told when it is reached.`,
      );
    }
  }
}
