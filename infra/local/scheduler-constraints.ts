/**
 * The errors of the local EventBridge Scheduler and the input constraints of its Smithy model
 * (`com.amazonaws.scheduler`, aws-sdk-js-v3 codegen/sdk-codegen/aws-models/scheduler.json).
 *
 * Constraint failures are reported the way AWS's front end reports them, all at once:
 * `1 validation error detected: Value 'x/y' at 'name' failed to satisfy constraint: Member must satisfy regular
 * expression pattern: ^[0-9a-zA-Z-_.]+$` (a real answer, aws/aws-sdk-net#2495, quotes `at 'target.roleArn'`).
 */

export class SchedulerError extends Error {
  constructor(
    /** The modeled exception name, sent in `x-amzn-ErrorType`. */
    readonly type: string,
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
    this.name = type;
  }
}

export const validationError = (message: string) => new SchedulerError('ValidationException', message, 400);
export const notFound = (message: string) => new SchedulerError('ResourceNotFoundException', message, 404);
export const conflict = (message: string) => new SchedulerError('ConflictException', message, 409);
/** A body or query value of the wrong JSON type: the request could not even be read into the model's shapes. */
export const serializationError = (message: string) =>
  new SchedulerError('SerializationException', message, 400);

/** A regular expression with the text AWS quotes in its messages. */
export interface Pattern {
  regex: RegExp;
  text: string;
}

const pattern = (text: string): Pattern => ({ regex: new RegExp(text), text });

// Patterns and lengths of the model's shapes.
export const shapes = {
  name: { min: 1, max: 64, pattern: pattern('^[0-9a-zA-Z-_.]+$') },
  groupName: { min: 1, max: 64, pattern: pattern('^[0-9a-zA-Z-_.]+$') },
  clientToken: { min: 1, max: 64, pattern: pattern('^[a-zA-Z0-9-_]+$') },
  scheduleExpression: { min: 1, max: 256 },
  timezone: { min: 1, max: 50 },
  description: { min: 0, max: 512 },
  targetArn: { min: 1, max: 1600 },
  roleArn: { min: 1, max: 1600, pattern: pattern('^arn:aws(-[a-z]+)?:iam::\\d{12}:role\\/[\\w+=,.@\\/-]+$') },
  input: { min: 1 },
  detailType: { min: 1, max: 128 },
  source: {
    min: 1,
    max: 256,
    pattern: pattern('^(?=[/\\.\\-_A-Za-z0-9]+)((?!aws\\.).*)|(\\$(\\.[\\w_-]+(\\[(\\d+|\\*)\\])*)*)$'),
  },
  kmsKeyArn: {
    min: 1,
    max: 2048,
    pattern: pattern('^arn:aws(-[a-z]+)?:kms:[a-z0-9\\-]+:\\d{12}:(key|alias)\\/[0-9a-zA-Z-_]*$'),
  },
  deadLetterArn: {
    min: 1,
    max: 1600,
    pattern: pattern('^arn:aws(-[a-z]+)?:sqs:[a-z0-9\\-]+:\\d{12}:[a-zA-Z0-9\\-_]+$'),
  },
  nextToken: { min: 1, max: 2048 },
} as const;

export const ranges = {
  maximumWindowInMinutes: { min: 1, max: 1440 },
  maximumRetryAttempts: { min: 0, max: 185 },
  maximumEventAgeInSeconds: { min: 60, max: 86400 },
  maxResults: { min: 1, max: 100 },
} as const;

export const enums = {
  flexibleTimeWindowMode: ['OFF', 'FLEXIBLE'],
  scheduleState: ['ENABLED', 'DISABLED'],
  actionAfterCompletion: ['NONE', 'DELETE'],
} as const;

interface StringRule {
  min?: number;
  max?: number;
  pattern?: Pattern;
  enum?: readonly string[];
}

/** Collects every constraint failure of one request, then throws them as one ValidationException. */
export class Constraints {
  private readonly failures: string[] = [];

  string(path: string, value: unknown, rule: StringRule, required = false): string | undefined {
    if (value === undefined || value === null) {
      if (required) this.fail('null', path, 'Member must not be null');
      return undefined;
    }
    if (typeof value !== 'string') throw serializationError(`Expected a string at '${path}'`);
    const quoted = `'${value}'`;
    if (rule.min !== undefined && value.length < rule.min)
      this.fail(quoted, path, `Member must have length greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && value.length > rule.max)
      this.fail(quoted, path, `Member must have length less than or equal to ${rule.max}`);
    if (rule.pattern && !rule.pattern.regex.test(value))
      this.fail(quoted, path, `Member must satisfy regular expression pattern: ${rule.pattern.text}`);
    if (rule.enum && !rule.enum.includes(value))
      this.fail(quoted, path, `Member must satisfy enum value set: [${rule.enum.join(', ')}]`);
    return value;
  }

  integer(path: string, value: unknown, range: { min: number; max: number }, required = false) {
    if (value === undefined || value === null) {
      if (required) this.fail('null', path, 'Member must not be null');
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw serializationError(`Expected an integer at '${path}'`);
    if (value < range.min)
      this.fail(`'${value}'`, path, `Member must have value greater than or equal to ${range.min}`);
    if (value > range.max)
      this.fail(`'${value}'`, path, `Member must have value less than or equal to ${range.max}`);
    return value;
  }

  object(path: string, value: unknown, required = false): Record<string, unknown> | undefined {
    if (value === undefined || value === null) {
      if (required) this.fail('null', path, 'Member must not be null');
      return undefined;
    }
    if (typeof value !== 'object' || Array.isArray(value))
      throw serializationError(`Expected an object at '${path}'`);
    return value as Record<string, unknown>;
  }

  /** Epoch seconds, as restJson1 sends timestamps. */
  timestamp(path: string, value: unknown): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number') throw serializationError(`Expected a timestamp at '${path}'`);
    return value;
  }

  throwIfAny(): void {
    const n = this.failures.length;
    if (n === 0) return;
    throw validationError(`${n} validation error${n === 1 ? '' : 's'} detected: ${this.failures.join('; ')}`);
  }

  private fail(value: string, path: string, constraint: string): void {
    this.failures.push(`Value ${value} at '${path}' failed to satisfy constraint: ${constraint}`);
  }
}
