import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';

export interface ReminderSchedulerProps {
  bus: IEventBus;
}

/**
 * Where the bot's reminders live: a schedule group, and the role EventBridge Scheduler assumes to put the
 * `ReminderDue` event on the bus when a schedule fires. The bot creates one-off schedules in the group.
 */
export class ReminderScheduler extends Construct {
  readonly group: ScheduleGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, { bus }: ReminderSchedulerProps) {
    super(scope, id);
    // CDK retains schedule groups by default, and this one's name is fixed at synth time (stack name + path):
    // a retained group would make the next deploy after `cdk destroy` fail with "already exists". Its schedules
    // are pending reminders, worthless without the stack; deleting the group deletes them.
    this.group = new ScheduleGroup(this, 'Group', { removalPolicy: RemovalPolicy.DESTROY });
    const account = Stack.of(this).account;
    this.role = new iam.Role(this, 'Role', {
      description: 'Assumed by EventBridge Scheduler to put reminder events on the chat bus',
      // aws:SourceAccount guards against the confused-deputy problem (another account's schedules using this role).
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    });
    bus.grantPutEventsTo(this.role);
  }

  /**
   * scheduler:CreateSchedule and DeleteSchedule (`pyro cancel N`) in this group, and passing the role to
   * Scheduler only. Returns the statements.
   */
  grantCreateSchedule(principal: iam.IRole): iam.PolicyStatement[] {
    const statements = [
      new iam.PolicyStatement({
        actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'],
        resources: [
          Stack.of(this).formatArn({
            service: 'scheduler',
            resource: 'schedule',
            resourceName: `${this.group.scheduleGroupName}/*`,
          }),
        ],
      }),
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    ];
    for (const statement of statements) principal.addToPrincipalPolicy(statement);
    return statements;
  }
}
