import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { budgetNotifications, MonthlyBudget } from '../../../../infra/aws/constructs/monitoring-budget';

function synth(props: { usd: number; email?: string }) {
  const stack = new Stack(new App(), 'Chatty-dev');
  new MonthlyBudget(stack, 'MonthlyBudget', props);
  return { stack, template: Template.fromStack(stack) };
}

describe('MonthlyBudget', () => {
  it('is a monthly cost budget of the amount, named after the stack', () => {
    const { template } = synth({ usd: 25, email: 'ops@example.com' });
    template.resourceCountIs('AWS::Budgets::Budget', 1);
    template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: {
        BudgetName: 'Chatty-dev-monthly',
        BudgetType: 'COST',
        TimeUnit: 'MONTHLY',
        BudgetLimit: { Amount: 25, Unit: 'USD' },
      },
    });
  });

  it('e-mails the alarm address when spend passes 80% and 100%, and when the forecast passes 100%', () => {
    const { template } = synth({ usd: 25, email: 'ops@example.com' });
    const [budget] = Object.values(template.findResources('AWS::Budgets::Budget'));
    expect(budget?.Properties.NotificationsWithSubscribers).toEqual(
      budgetNotifications.map(({ notificationType, threshold }) => ({
        Notification: {
          NotificationType: notificationType,
          ComparisonOperator: 'GREATER_THAN',
          Threshold: threshold,
          ThresholdType: 'PERCENTAGE',
        },
        Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'ops@example.com' }],
      })),
    );
    expect(budgetNotifications.map((n) => `${n.notificationType} ${n.threshold}`)).toEqual([
      'ACTUAL 80',
      'ACTUAL 100',
      'FORECASTED 100',
    ]);
  });

  it('without an alarm address, notifies nobody and says so when synthesized', () => {
    const { stack, template } = synth({ usd: 25 });
    const [budget] = Object.values(template.findResources('AWS::Budgets::Budget'));
    expect(budget?.Properties.NotificationsWithSubscribers).toBeUndefined();
    Annotations.fromStack(stack).hasInfo('*', Match.stringLikeRegexp('e-mails nobody.*alarmEmail'));
  });
});
