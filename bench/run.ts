/**
 * `npm run bench` — benchmarks of Chatty on this machine: fan-out in the local cloud against a bare `ws`
 * server, Lambda bundle sizes and cold starts, and the AWS cost of one message. Prints tables and writes the
 * same figures to bench/results/latest.json. A script, not a test: nothing here fails on a slow figure, but
 * the targets are checked and printed.
 *
 *   --quick                 smaller N and shorter runs (a smoke run of under two minutes)
 *   --clients 100,200       the fan-out client counts to run (default 10,100,500; quick 10,50)
 *   --only fanout|bundles|cost
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalCloud } from '../infra/local/cloud';
import { repoRoot } from '../infra/local/paths';
import { type BundlesResult, benchBundles } from './bundles';
import { benchCost, type CostResult, startCountedCloud } from './cost';
import { benchFanOut, type FanOutPlan, type FanOutRow } from './fan-out';
import { machineInfo } from './machine';
import { prices, pricesAsOf } from './prices';
import { table } from './stats';

const benchmarks = ['fanout', 'bundles', 'cost'] as const;
type Benchmark = (typeof benchmarks)[number];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    clients: { type: 'string' },
  },
});
if (values.only !== undefined && !benchmarks.includes(values.only as Benchmark)) {
  console.error(`--only must be one of ${benchmarks.join(', ')}`);
  process.exit(2);
}
const quick = values.quick ?? false;
const selected = (b: Benchmark) => values.only === undefined || values.only === b;

const plan = {
  fanOut: {
    clientCounts: values.clients ? values.clients.split(',').map(Number) : quick ? [10, 50] : [10, 100, 500],
    senders: 10,
    ratePerSender: 0.8,
    durationMs: quick ? 8_000 : 20_000,
  } satisfies FanOutPlan,
  costListeners: quick ? [1, 10] : [1, 10, 100],
  coldStartRuns: quick ? 1 : 5,
  warmUpMs: quick ? 3_000 : 8_000,
};

const started = Date.now();
const progress = (line: string) =>
  console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

// The SDK's Node-version notice is printed once per process; it says nothing about the figures.
process.removeAllListeners('warning');

let fanOut: FanOutRow[] | undefined;
let bundles: BundlesResult | undefined;
let cost: CostResult | undefined;

await mkdir(join(repoRoot, 'bench', 'results'), { recursive: true });
const functionLog = createWriteStream(join(repoRoot, 'bench', 'results', 'functions.log'));
const loadAverageAtStart = loadavg()[0] ?? 0;
// The cost benchmark's cloud starts alongside the fan-out's (it waits idle meanwhile): two starts for one.
progress('starting the local cloud(s)');
const counted = selected('cost') ? startCountedCloud() : undefined;
counted?.catch(() => undefined); // awaited below; a failure must not be an unhandled rejection meanwhile
if (selected('fanout')) {
  // The functions' own log lines (errors, timeouts) go to a file beside the results, for diagnosis.
  const cloud = await startLocalCloud({
    dataDir: null,
    // Every client of the benchmark comes from this one machine (CHATTY_LIMITS=relaxed, as `npm start` offers).
    relaxedLimits: true,
    log: (fn, line) => functionLog.write(`[${fn}] ${line}\n`),
  });
  try {
    await counted; // both started before anything is measured
    fanOut = await benchFanOut(cloud, plan.fanOut, plan.warmUpMs, progress);
  } finally {
    await cloud.stop();
  }
}
if (selected('bundles')) bundles = await benchBundles(plan.coldStartRuns, progress);
if (counted) cost = await benchCost(await counted, plan.costListeners, quick ? 0 : plan.warmUpMs, progress);

const targets = checkTargets();
const results = {
  startedAt: new Date(started).toISOString(),
  durationSeconds: Math.round((Date.now() - started) / 1000),
  mode: quick ? 'quick' : 'full',
  machine: machineInfo(),
  // Other work on the machine moves every figure here: compare runs only at similar load.
  loadAverage1m: {
    atStart: Math.round(loadAverageAtStart * 100) / 100,
    atEnd: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  },
  plan,
  fanOut,
  bundles,
  cost: cost && { ...cost, pricesAsOf, prices },
  targets,
};
const outDir = join(repoRoot, 'bench', 'results');
await mkdir(outDir, { recursive: true });
await writeFile(join(outDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);

const m = results.machine;
console.log(
  `\nChatty benchmarks (${results.mode}) — ${m.cpuCount}× ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}; load average ${results.loadAverage1m.atStart} → ${results.loadAverage1m.atEnd}\n`,
);
if (fanOut) printFanOut(fanOut);
if (bundles) printBundles(bundles);
if (cost) printCost(cost);
console.log('Targets');
console.log(
  table(
    ['target', 'measured', 'met'],
    targets.map((t) => [t.target, t.measured, t.met ? 'yes' : 'NO']),
  ),
);
console.log(`\nWritten to bench/results/latest.json in ${results.durationSeconds} s.`);
// Sockets the clients or a cloud left behind must not keep the process alive.
process.exit(0);

function printFanOut(rows: FanOutRow[]): void {
  console.log(
    `Fan-out: one room, ${plan.fanOut.senders} senders × ${plan.fanOut.ratePerSender} msg/s for ${plan.fanOut.durationMs / 1000} s; latency send → receipt at every client, ms`,
  );
  const lines = rows.flatMap((r) =>
    [r.cloud, r.baseline].map((x, i) => [
      r.clients,
      x.target,
      x.acked,
      x.lost,
      x.latencyMs.p50,
      x.latencyMs.p95,
      x.latencyMs.p99,
      x.messagesPerSecond,
      x.deliveriesPerSecond,
      i === 0 ? r.ratio.p50 : '',
      i === 0 ? r.ratio.p99 : '',
      x.connectMs,
      Object.values(x.connectRefusals).reduce((a, b) => a + b, 0),
      x.unanswered,
    ]),
  );
  console.log(
    table(
      [
        'clients',
        'server',
        'acked',
        'lost',
        'p50',
        'p95',
        'p99',
        'msg/s',
        'deliv/s',
        '×p50',
        '×p99',
        'connect ms',
        'refused',
        'unacked',
      ],
      lines,
    ),
  );
  console.log('');
}

function printBundles(b: BundlesResult): void {
  console.log(
    `Lambda bundles (esbuild as CDK: minified ESM, node24) and cold starts (fresh node process, median of ${b.runs}); empty handler: ${b.empty.processMs} ms`,
  );
  const kb = (n: number) => Math.round(n / 102.4) / 10;
  console.log(
    table(
      [
        'function',
        'KB',
        'KB gz',
        'KB +SDK',
        'cold ms',
        'import ms',
        '1st call ms',
        '×empty',
        'cold ms +SDK',
        'outcome',
      ],
      b.rows.map((r) => [
        r.function,
        kb(r.bytesSdkExternal),
        kb(r.gzipBytesSdkExternal),
        kb(r.bytesSdkBundled),
        r.coldStart.processMs,
        r.coldStart.importMs,
        r.coldStart.firstInvokeMs,
        r.ratioToEmpty,
        r.coldStartSdkBundled.processMs,
        r.outcome,
      ]),
    ),
  );
  console.log('');
}

function printCost(c: CostResult): void {
  console.log(
    `Cost per posted message (WebSocket sendMessage), us-east-1 list prices as of ${pricesAsOf}; $ per million messages`,
  );
  console.log(
    table(
      [
        'listeners',
        'λ calls',
        'DDB reqs',
        'WRU',
        'RRU',
        'posts',
        'PutEvents',
        'WS msgs',
        'λ ms',
        '$ λ',
        '$ WS',
        '$ DDB',
        '$ EB',
        '$ total',
      ],
      c.rows.map((r) => [
        r.listeners,
        Object.values(r.perMessage.lambdaInvocations).reduce((a, b) => a + b, 0),
        Object.entries(r.perMessage.dynamodb)
          .map(([op, s]) => `${s.requests} ${op}`)
          .join(', '),
        r.perMessage.dynamodbWriteUnits,
        r.perMessage.dynamodbReadUnits,
        r.perMessage.postToConnection,
        r.perMessage.putEvents,
        r.perMessage.webSocketMessages,
        r.perMessage.lambdaDurationMs,
        r.usdPerMillion.lambda ?? 0,
        r.usdPerMillion.apiGatewayWebSocket ?? 0,
        r.usdPerMillion.dynamodb ?? 0,
        r.usdPerMillion.eventBridge ?? 0,
        r.usdPerMillion.total ?? 0,
      ]),
    ),
  );
  console.log(`Method: ${c.method}\n`);
}

function checkTargets(): Array<{ target: string; measured: string; met: boolean }> {
  const out: Array<{ target: string; measured: string; met: boolean }> = [];
  if (fanOut) {
    const lost = fanOut.map((r) => `${r.clients}: ${r.cloud.lost}/${r.baseline.lost}`).join(', ');
    const allAcked = fanOut.every((r) => r.cloud.acked === r.cloud.sent && r.cloud.acked > 0);
    out.push({
      target: '0 messages lost at every N (cloud/baseline), every send acked',
      measured: `${lost}${allAcked ? '' : ' (some sends not acked)'}`,
      met: allAcked && fanOut.every((r) => r.cloud.lost === 0 && r.baseline.lost === 0),
    });
    // The target is set at 100 clients; a quick run checks it at its largest N up to 100.
    const at = [...fanOut].reverse().find((r) => r.clients <= 100);
    if (at) {
      out.push({
        target: `p50 within 10× the ws baseline (at ${at.clients} clients)`,
        measured: `${at.cloud.latencyMs.p50} vs ${at.baseline.latencyMs.p50} ms = ${at.ratio.p50}×`,
        met: at.ratio.p50 <= 10,
      });
      out.push({
        target: `p99 within 20× the ws baseline (at ${at.clients} clients)`,
        measured: `${at.cloud.latencyMs.p99} vs ${at.baseline.latencyMs.p99} ms = ${at.ratio.p99}×`,
        met: at.ratio.p99 <= 20,
      });
    }
  }
  if (bundles) {
    const largest = bundles.rows.reduce((a, b) => (b.bytesSdkExternal > a.bytesSdkExternal ? b : a));
    out.push({
      target: 'every bundle < 250 KB minified (SDK external, as deployed)',
      measured: `largest ${largest.function} ${Math.round(largest.bytesSdkExternal / 1024)} KB`,
      met: largest.bytesSdkExternal < 250 * 1024,
    });
    const slowest = bundles.rows.reduce((a, b) => (b.ratioToEmpty > a.ratioToEmpty ? b : a));
    out.push({
      target: 'cold start < 2× the empty handler',
      measured: `worst ${slowest.function} ${slowest.coldStart.processMs} vs ${bundles.empty.processMs} ms = ${slowest.ratioToEmpty}×`,
      met: bundles.rows.every((r) => r.ratioToEmpty < 2),
    });
  }
  if (cost) {
    const writes = cost.rows.map((r) => r.perMessage.tableWrites);
    out.push({
      // Per message: the message itself plus one or two conditional rate-limit updates (two while a sender is
      // inside its burst); none of it depends on how many listen.
      target: 'O(1) table writes per message (≤ 3 whatever N, not growing with N)',
      measured: cost.rows.map((r) => `${r.listeners}: ${r.perMessage.tableWrites}`).join(', '),
      met: writes.every((w) => w <= 3) && (writes.at(-1) ?? 0) <= (writes[0] ?? 0),
    });
    out.push({
      target: 'no Scan',
      measured: `${cost.scansSeen} Scan requests in the whole run`,
      met: cost.scansSeen === 0,
    });
  }
  return out;
}
