import { describe, expect, it } from 'vitest';
import {
  InvalidEventPatternError,
  matchesEventPattern,
  validateEventPattern,
} from '../../../infra/local/event-pattern';
import { botName, detailTypes, eventBus, eventSource } from '../../../infra/spec';
import { itemAt } from '../../lists';

/** An EventBridge envelope, as the bus delivers it, with the given fields merged in. */
function envelope(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'EC2 Instance State-change Notification',
    source: 'aws.ec2',
    account: '111122223333',
    time: '2017-12-22T18:43:48Z',
    region: 'us-west-1',
    resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
    detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
    ...fields,
  };
}

const withDetail = (detail: unknown) => envelope({ detail });

describe('exact values', () => {
  it('matches when every listed field has one of its values', () => {
    const pattern = {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Instance State-change Notification'],
      detail: { state: ['terminated'] },
    };
    expect(matchesEventPattern(pattern, envelope())).toBe(true);
  });

  it('ignores event fields the pattern does not mention', () => {
    expect(matchesEventPattern({ region: ['us-west-1'] }, envelope())).toBe(true);
  });

  it('does not match when one of the fields has another value', () => {
    const pattern = { source: ['aws.ec2'], detail: { state: ['running', 'pending'] } };
    expect(matchesEventPattern(pattern, envelope())).toBe(false);
  });

  it('does not match when a listed field is missing from the event', () => {
    expect(matchesEventPattern({ detail: { 'c-count': [5] } }, envelope())).toBe(false);
  });

  it('compares strings character by character, without case folding or trimming', () => {
    expect(matchesEventPattern({ detail: { state: ['Terminated'] } }, envelope())).toBe(false);
    expect(matchesEventPattern({ detail: { state: ['terminated '] } }, envelope())).toBe(false);
  });

  it('treats field names as case-sensitive', () => {
    expect(matchesEventPattern({ Source: ['aws.ec2'] }, envelope())).toBe(false);
  });

  it('matches numbers by value, so 300 equals 3.0e2 and 300.0', () => {
    expect(matchesEventPattern({ detail: { limit: [3.0e2] } }, withDetail({ limit: 300 }))).toBe(true);
    expect(matchesEventPattern({ detail: { limit: [300] } }, JSON.parse('{"detail":{"limit":300.0}}'))).toBe(
      true,
    );
  });

  it('does not let a number match the same digits written as a string', () => {
    expect(matchesEventPattern({ detail: { limit: [300] } }, withDetail({ limit: '300' }))).toBe(false);
  });

  it('matches booleans only against booleans', () => {
    expect(matchesEventPattern({ detail: { on: [true] } }, withDetail({ on: true }))).toBe(true);
    expect(matchesEventPattern({ detail: { on: [true] } }, withDetail({ on: 'true' }))).toBe(false);
  });

  it('matches null and the empty string as distinct values', () => {
    const event = withDetail({ eventVersion: '', responseElements: null });
    expect(matchesEventPattern({ detail: { responseElements: [null] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { eventVersion: [''] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { eventVersion: [null] } }, event)).toBe(false);
  });

  it('does not let [null] match a missing field', () => {
    expect(matchesEventPattern({ detail: { responseElements: [null] } }, withDetail({}))).toBe(false);
  });

  it('does not look inside a string that happens to hold JSON', () => {
    expect(matchesEventPattern({ detail: { state: ['x'] } }, envelope({ detail: '{"state":"x"}' }))).toBe(
      false,
    );
  });
});

describe('arrays in events', () => {
  it('matches when any element of the event array is one of the pattern values', () => {
    const event = envelope({
      resources: [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:asg',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      ],
    });
    const pattern = {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
      ],
    };
    expect(matchesEventPattern(pattern, event)).toBe(true);
  });

  it('does not match when the event array and the pattern values do not intersect', () => {
    const event = envelope({
      resources: ['arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:asg'],
    });
    expect(
      matchesEventPattern({ resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-1'] }, event),
    ).toBe(false);
  });

  it('reads objects inside an array as values of the parent field', () => {
    const event = withDetail({ employees: [{ firstName: 'John' }, { firstName: 'Anna' }] });
    expect(matchesEventPattern({ detail: { employees: { firstName: ['Anna'] } } }, event)).toBe(true);
  });

  it('requires fields matched inside one array to come from the same element', () => {
    const event = withDetail({
      employees: [
        { firstName: 'Anna', lastName: 'Smith' },
        { firstName: 'Peter', lastName: 'Jones' },
      ],
    });
    const sameElement = { detail: { employees: { firstName: ['Anna'], lastName: ['Smith'] } } };
    const acrossElements = { detail: { employees: { firstName: ['Anna'], lastName: ['Jones'] } } };
    expect(matchesEventPattern(sameElement, event)).toBe(true);
    expect(matchesEventPattern(acrossElements, event)).toBe(false);
  });

  it('gives an empty event array no values at all', () => {
    expect(matchesEventPattern({ resources: [null] }, envelope({ resources: [] }))).toBe(false);
    expect(matchesEventPattern({ resources: [{ exists: true }] }, envelope({ resources: [] }))).toBe(false);
  });
});

describe('nested objects and dotted keys', () => {
  it('matches fields nested several levels deep', () => {
    const event = withDetail({ a: { b: { c: 'deep' } } });
    expect(matchesEventPattern({ detail: { a: { b: { c: ['deep'] } } } }, event)).toBe(true);
  });

  it('treats a dotted key in the pattern like the nested path', () => {
    const event = withDetail({ state: { status: 'running' } });
    expect(matchesEventPattern({ detail: { 'state.status': ['running'] } }, event)).toBe(true);
  });

  it('treats a dotted key in the event like the nested path', () => {
    const event = withDetail({ 'state.status': 'running' });
    expect(matchesEventPattern({ detail: { state: { status: ['running'] } } }, event)).toBe(true);
  });

  it('does not match a pattern leaf against an intermediate object', () => {
    const event = withDetail({ state: { status: 'running' } });
    expect(matchesEventPattern({ detail: { state: ['running'] } }, event)).toBe(false);
  });
});

describe('prefix and suffix', () => {
  it('matches a string that starts with the prefix', () => {
    expect(matchesEventPattern({ time: [{ prefix: '2017-12-22' }] }, envelope())).toBe(true);
    expect(matchesEventPattern({ time: [{ prefix: '2017-10-02' }] }, envelope())).toBe(false);
  });

  it('lets the empty prefix match any string value', () => {
    expect(matchesEventPattern({ source: [{ prefix: '' }] }, envelope())).toBe(true);
  });

  it('only applies prefix matching to strings', () => {
    expect(matchesEventPattern({ detail: { n: [{ prefix: '1' }] } }, withDetail({ n: 12 }))).toBe(false);
  });

  it('matches a prefix regardless of case with equals-ignore-case', () => {
    const pattern = { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } };
    expect(matchesEventPattern(pattern, withDetail({ service: 'eventbridge' }))).toBe(true);
    expect(matchesEventPattern(pattern, withDetail({ service: 'EVENTBRIDGE' }))).toBe(true);
    expect(matchesEventPattern(pattern, withDetail({ service: 'sqs' }))).toBe(false);
  });

  it('matches a string that ends with the suffix, case-sensitively', () => {
    expect(matchesEventPattern({ FileName: [{ suffix: '.png' }] }, envelope({ FileName: 'image.png' }))).toBe(
      true,
    );
    expect(matchesEventPattern({ FileName: [{ suffix: '.png' }] }, envelope({ FileName: 'image.PNG' }))).toBe(
      false,
    );
  });

  it('matches a suffix regardless of case with equals-ignore-case', () => {
    const pattern = { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } };
    expect(matchesEventPattern(pattern, withDetail({ FileName: 'image.PNG' }))).toBe(true);
    expect(matchesEventPattern(pattern, withDetail({ FileName: 'image.jpg' }))).toBe(false);
  });
});

describe('equals-ignore-case', () => {
  it('matches a string in any casing', () => {
    const pattern = { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] };
    expect(matchesEventPattern(pattern, envelope())).toBe(true);
  });

  it('does not match a different string', () => {
    expect(matchesEventPattern({ source: [{ 'equals-ignore-case': 'aws.s3' }] }, envelope())).toBe(false);
  });
});

describe('anything-but', () => {
  it('matches any value except the single string given', () => {
    const pattern = { detail: { state: [{ 'anything-but': 'initializing' }] } };
    expect(matchesEventPattern(pattern, withDetail({ state: 'running' }))).toBe(true);
    expect(matchesEventPattern(pattern, withDetail({ state: 'initializing' }))).toBe(false);
  });

  it('matches any value except the single number given', () => {
    const pattern = { detail: { 'x-limit': [{ 'anything-but': 123 }] } };
    expect(matchesEventPattern(pattern, withDetail({ 'x-limit': 456 }))).toBe(true);
    expect(matchesEventPattern(pattern, withDetail({ 'x-limit': 123 }))).toBe(false);
  });

  it('excludes every value of a list of strings or of numbers', () => {
    const strings = { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } };
    const numbers = { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } };
    expect(matchesEventPattern(strings, withDetail({ state: 'overloaded' }))).toBe(false);
    expect(matchesEventPattern(strings, withDetail({ state: 'pending' }))).toBe(true);
    expect(matchesEventPattern(numbers, withDetail({ 'x-limit': 200 }))).toBe(false);
    expect(matchesEventPattern(numbers, withDetail({ 'x-limit': 999 }))).toBe(true);
  });

  it('never matches a missing field', () => {
    expect(
      matchesEventPattern({ detail: { state: [{ 'anything-but': 'initializing' }] } }, withDetail({})),
    ).toBe(false);
  });

  it('matches a null value, which is not the excluded one', () => {
    const pattern = { detail: { state: [{ 'anything-but': 'initializing' }] } };
    expect(matchesEventPattern(pattern, withDetail({ state: null }))).toBe(true);
  });

  it('excludes values that start with a prefix', () => {
    const pattern = { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } };
    expect(matchesEventPattern(pattern, withDetail({ state: 'running' }))).toBe(true);
    expect(matchesEventPattern(pattern, withDetail({ state: 'initializing' }))).toBe(false);
  });

  it('excludes values that end with any suffix of a list', () => {
    const pattern = { detail: { FileName: [{ 'anything-but': { suffix: ['.txt', '.jpg'] } }] } };
    expect(matchesEventPattern(pattern, withDetail({ FileName: 'notes.txt' }))).toBe(false);
    expect(matchesEventPattern(pattern, withDetail({ FileName: 'image.png' }))).toBe(true);
  });

  it('excludes values in any casing with equals-ignore-case', () => {
    const pattern = {
      detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['initializing', 'stopped'] } }] },
    };
    expect(matchesEventPattern(pattern, withDetail({ state: 'STOPPED' }))).toBe(false);
    expect(matchesEventPattern(pattern, withDetail({ state: 'running' }))).toBe(true);
  });

  it('excludes values that match a wildcard', () => {
    const pattern = { detail: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } };
    expect(matchesEventPattern(pattern, withDetail({ FilePath: 'usr/lib/node' }))).toBe(false);
    expect(matchesEventPattern(pattern, withDetail({ FilePath: 'usr/bin/node' }))).toBe(true);
  });

  it('lets a number through a string-based exclusion', () => {
    const pattern = { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } };
    expect(matchesEventPattern(pattern, withDetail({ state: 12 }))).toBe(true);
  });
});

describe('numeric', () => {
  const pattern = {
    detail: {
      'c-count': [{ numeric: ['>', 0, '<=', 5] }],
      'd-count': [{ numeric: ['<', 10] }],
      'x-limit': [{ numeric: ['=', 3.018e2] }],
    },
  };

  it('matches when every value is inside its range', () => {
    expect(matchesEventPattern(pattern, withDetail({ 'c-count': 5, 'd-count': 9, 'x-limit': 301.8 }))).toBe(
      true,
    );
  });

  it('does not match when one value falls outside its range', () => {
    expect(matchesEventPattern(pattern, withDetail({ 'c-count': 0, 'd-count': 9, 'x-limit': 301.8 }))).toBe(
      false,
    );
    expect(matchesEventPattern(pattern, withDetail({ 'c-count': 5, 'd-count': 10, 'x-limit': 301.8 }))).toBe(
      false,
    );
  });

  it('respects open and closed bounds', () => {
    const closed = { detail: { n: [{ numeric: ['>=', 200, '<', 500] }] } };
    expect(matchesEventPattern(closed, withDetail({ n: 200 }))).toBe(true);
    expect(matchesEventPattern(closed, withDetail({ n: 500 }))).toBe(false);
  });

  it('only matches JSON numbers, not numeric strings or null', () => {
    const above = { detail: { n: [{ numeric: ['>', 100] }] } };
    expect(matchesEventPattern(above, withDetail({ n: 101.5 }))).toBe(true);
    expect(matchesEventPattern(above, withDetail({ n: '300' }))).toBe(false);
    expect(matchesEventPattern(above, withDetail({ n: null }))).toBe(false);
  });
});

describe('exists', () => {
  it('matches when the field is present with exists: true', () => {
    expect(matchesEventPattern({ detail: { state: [{ exists: true }] } }, envelope())).toBe(true);
  });

  it('counts a null value as present', () => {
    expect(matchesEventPattern({ detail: { state: [{ exists: true }] } }, withDetail({ state: null }))).toBe(
      true,
    );
  });

  it('matches when the field is absent with exists: false', () => {
    expect(matchesEventPattern({ detail: { 'c-count': [{ exists: false }] } }, envelope())).toBe(true);
    expect(matchesEventPattern({ detail: { state: [{ exists: false }] } }, envelope())).toBe(false);
  });

  it('only sees leaves, so an intermediate object neither exists nor blocks exists: false', () => {
    const event = withDetail({ 'c-count': { c1: 100 } });
    expect(matchesEventPattern({ detail: { 'c-count': [{ exists: true }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { 'c-count': [{ exists: false }] } }, event)).toBe(true);
  });

  it('ORs exists with the other values of the same field', () => {
    const pattern = { detail: { S: [{ 'anything-but': ['roses'] }, { exists: false }] } };
    expect(matchesEventPattern(pattern, withDetail({}))).toBe(true);
    expect(matchesEventPattern(pattern, withDetail({ S: 'tulips' }))).toBe(true);
    expect(matchesEventPattern(pattern, withDetail({ S: 'roses' }))).toBe(false);
  });
});

describe('wildcard', () => {
  it('lets * stand for any run of characters, including none', () => {
    const pattern = { detail: { FileName: [{ wildcard: 'dir/*.png' }] } };
    expect(matchesEventPattern(pattern, withDetail({ FileName: 'dir/sub/image.png' }))).toBe(true);
    expect(matchesEventPattern(pattern, withDetail({ FileName: 'dir/.png' }))).toBe(true);
    expect(matchesEventPattern(pattern, withDetail({ FileName: 'dir/image.jpg' }))).toBe(false);
  });

  it('matches the whole value, not a part of it', () => {
    const pattern = { detail: { arn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] } };
    expect(
      matchesEventPattern(pattern, withDetail({ arn: 'arn:aws:events:us-east-1:123:event-bus/main' })),
    ).toBe(true);
    expect(
      matchesEventPattern(pattern, withDetail({ arn: 'x-arn:aws:events:us-east-1:123:event-bus/main' })),
    ).toBe(false);
  });

  it('treats an escaped star as a literal star and an escaped backslash as a backslash', () => {
    const star = { detail: { name: [{ wildcard: 'a\\*b' }] } };
    expect(matchesEventPattern(star, withDetail({ name: 'a*b' }))).toBe(true);
    expect(matchesEventPattern(star, withDetail({ name: 'axxb' }))).toBe(false);
    const backslash = { detail: { name: [{ wildcard: 'a\\\\*' }] } };
    expect(matchesEventPattern(backslash, withDetail({ name: 'a\\tail' }))).toBe(true);
  });

  it('treats regular-expression characters literally', () => {
    const pattern = { detail: { name: [{ wildcard: 'v1.(0)*' }] } };
    expect(matchesEventPattern(pattern, withDetail({ name: 'v1.(0)-beta' }))).toBe(true);
    expect(matchesEventPattern(pattern, withDetail({ name: 'v1x(0)-beta' }))).toBe(false);
  });

  it('lets the empty wildcard match only the empty string', () => {
    expect(matchesEventPattern({ detail: { v: [{ wildcard: '' }] } }, withDetail({ v: '' }))).toBe(true);
    expect(matchesEventPattern({ detail: { v: [{ wildcard: '' }] } }, withDetail({ v: 'x' }))).toBe(false);
  });
});

describe('cidr', () => {
  it('matches IPv4 addresses inside the block', () => {
    const pattern = { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } };
    expect(matchesEventPattern(pattern, withDetail({ sourceIPAddress: '10.0.0.255' }))).toBe(true);
    expect(matchesEventPattern(pattern, withDetail({ sourceIPAddress: '10.0.1.0' }))).toBe(false);
  });

  it('does not match malformed addresses or non-strings', () => {
    const pattern = { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } };
    expect(matchesEventPattern(pattern, withDetail({ sourceIPAddress: '10.0.0.256' }))).toBe(false);
    expect(matchesEventPattern(pattern, withDetail({ sourceIPAddress: 123 }))).toBe(false);
  });

  it('matches IPv6 addresses, compressed or not, inside the block', () => {
    const pattern = { detail: { ip: [{ cidr: '2001:db8:1234:1a00::/64' }] } };
    expect(matchesEventPattern(pattern, withDetail({ ip: '2001:0db8:1234:1a00:0000:0000:0000:0001' }))).toBe(
      true,
    );
    expect(matchesEventPattern(pattern, withDetail({ ip: '2001:db8:1234:1a00::ffff' }))).toBe(true);
    expect(matchesEventPattern(pattern, withDetail({ ip: '2001:db8:1234:1a01::' }))).toBe(false);
  });

  it('does not match an IPv4 address against an IPv6 block', () => {
    expect(matchesEventPattern({ detail: { ip: [{ cidr: '::/0' }] } }, withDetail({ ip: '10.0.0.1' }))).toBe(
      false,
    );
  });
});

describe('$or', () => {
  const pattern = {
    detail: {
      $or: [
        { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
        { 'd-count': [{ numeric: ['<', 10] }] },
        { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
      ],
    },
  };

  it('matches when any alternative matches', () => {
    expect(matchesEventPattern(pattern, withDetail({ 'c-count': 0, 'd-count': 0, 'x-limit': 901.8 }))).toBe(
      true,
    );
  });

  it('does not match when no alternative matches', () => {
    expect(matchesEventPattern(pattern, withDetail({ 'c-count': 0, 'd-count': 10, 'x-limit': 901.8 }))).toBe(
      false,
    );
  });

  it('ANDs the alternatives with the fields beside $or, at any depth', () => {
    const nested = {
      source: ['aws.cloudwatch'],
      $or: [
        { metricName: ['CPUUtilization'] },
        { metricType: ['MetricType'], $or: [{ metricId: [1234] }, { spaceId: [1000] }] },
      ],
    };
    const event = (fields: Record<string, unknown>) => ({ source: 'aws.cloudwatch', ...fields });
    expect(matchesEventPattern(nested, event({ metricName: 'CPUUtilization' }))).toBe(true);
    expect(matchesEventPattern(nested, event({ metricType: 'MetricType', spaceId: 1000 }))).toBe(true);
    expect(matchesEventPattern(nested, event({ metricType: 'MetricType' }))).toBe(false);
    expect(matchesEventPattern(nested, { source: 'aws.ec2', metricName: 'CPUUtilization' })).toBe(false);
  });
});

describe('invalid patterns', () => {
  const invalid: Array<[string, unknown]> = [
    ['a pattern that is not an object', ['source']],
    ['an empty pattern object', {}],
    ['an empty nested object', { detail: {} }],
    ['a leaf that is not an array', { source: 'aws.ec2' }],
    ['an empty value array', { resources: [] }],
    ['a nested array as a value', { source: [['aws.ec2']] }],
    ['an unknown operator', { source: [{ contains: 'ec2' }] }],
    ['an operator spelled in capitals', { source: [{ PREFIX: 'aws' }] }],
    ['two operators in one object', { source: [{ prefix: 'aws', suffix: 'ec2' }] }],
    ['a prefix that is not a string', { source: [{ prefix: 123 }] }],
    ['a prefix given as a list', { source: [{ prefix: ['aws'] }] }],
    ['a suffix that is not a string', { source: [{ suffix: 1 }] }],
    ['equals-ignore-case given a list', { source: [{ 'equals-ignore-case': ['aws.ec2'] }] }],
    ['anything-but null', { source: [{ 'anything-but': null }] }],
    ['anything-but mixing strings and numbers', { source: [{ 'anything-but': ['a', 1] }] }],
    ['anything-but with an empty prefix', { source: [{ 'anything-but': { prefix: '' } }] }],
    ['anything-but with a numeric prefix', { source: [{ 'anything-but': { prefix: 1 } }] }],
    ['anything-but with an unsupported operator', { source: [{ 'anything-but': { numeric: ['>', 1] } }] }],
    ['numeric that is not an array', { n: [{ numeric: 10 }] }],
    ['numeric with an unknown operator', { n: [{ numeric: ['!=', 10] }] }],
    ['numeric with a string bound', { n: [{ numeric: ['>', '10'] }] }],
    ['numeric with two lower bounds', { n: [{ numeric: ['>', 0, '>', 1] }] }],
    ['numeric with a missing upper bound value', { n: [{ numeric: ['>', 0, '<'] }] }],
    ['numeric whose bottom is not below its top', { n: [{ numeric: ['>', 5, '<', 5] }] }],
    ['numeric equality with extra terms', { n: [{ numeric: ['=', 5, '<', 6] }] }],
    ['exists that is not a boolean', { n: [{ exists: 'true' }] }],
    ['a cidr without a mask', { ip: [{ cidr: '10.0.0.1' }] }],
    ['a cidr with a bad address', { ip: [{ cidr: '10.0.0.300/24' }] }],
    ['a cidr mask too long for IPv4', { ip: [{ cidr: '10.0.0.0/33' }] }],
    ['a cidr with a bad IPv6 address', { ip: [{ cidr: 'xxxx:db8::/64' }] }],
    ['a wildcard that is not a string', { v: [{ wildcard: 1 }] }],
    ['a wildcard with consecutive stars', { v: [{ wildcard: 'a**b' }] }],
    ['a wildcard escaping an ordinary character', { v: [{ wildcard: 'a\\b' }] }],
    ['$or with a single alternative', { $or: [{ source: ['aws.ec2'] }] }],
    ['$or that is not an array', { $or: { source: ['aws.ec2'] } }],
    ['$or holding something other than objects', { $or: [{ source: ['a'] }, ['b']] }],
  ];

  it.each(invalid)('rejects %s', (_, pattern) => {
    expect(() => validateEventPattern(pattern)).toThrow(InvalidEventPatternError);
    expect(() => matchesEventPattern(pattern, envelope())).toThrow(/Event pattern is not valid/);
  });

  it('says what is wrong in the message', () => {
    expect(() => validateEventPattern({ resources: [] })).toThrow(
      'Event pattern is not valid. Reason: Empty arrays are not allowed',
    );
    expect(() => validateEventPattern({ n: [{ numeric: ['>', 5, '<', 1] }] })).toThrow(
      'Bottom must be less than top',
    );
  });

  it('accepts the pattern as JSON text, as PutRule receives it', () => {
    expect(matchesEventPattern('{"source":["aws.ec2"]}', envelope())).toBe(true);
    expect(() => validateEventPattern('{"source":')).toThrow(InvalidEventPatternError);
  });
});

describe('the bot rule in infra/spec.ts', () => {
  const rule = itemAt(eventBus.rules, 0, 'rule');
  const messagePosted = (sender: string, text: string) => ({
    version: '0',
    id: 'e1',
    'detail-type': detailTypes.messagePosted,
    source: eventSource,
    account: '000000000000',
    time: '2024-05-01T12:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: { messageId: 'm1', roomId: 'lobby', sender, text, createdAt: '2024-05-01T12:00:00.000Z' },
  });

  it('is a valid EventBridge pattern', () => {
    expect(() => validateEventPattern(rule.pattern)).not.toThrow();
  });

  it('matches a person saying "hey pyro"', () => {
    expect(matchesEventPattern(rule.pattern, messagePosted('alice', 'hey pyro'))).toBe(true);
  });

  it("does not match Pyro's own messages, even when they mention pyro", () => {
    expect(matchesEventPattern(rule.pattern, messagePosted(botName, 'Pyro here: hey pyro'))).toBe(false);
  });

  it('does not match a message that does not mention pyro', () => {
    expect(matchesEventPattern(rule.pattern, messagePosted('alice', 'hello everyone'))).toBe(false);
  });

  it('matches a MemberJoined event', () => {
    const joined = {
      ...messagePosted('alice', ''),
      'detail-type': detailTypes.memberJoined,
      detail: { roomId: 'lobby', name: 'alice' },
    };
    expect(matchesEventPattern(rule.pattern, joined)).toBe(true);
  });

  it('does not match events from another source', () => {
    expect(
      matchesEventPattern(rule.pattern, { ...messagePosted('alice', 'hey pyro'), source: 'other' }),
    ).toBe(false);
  });
});
