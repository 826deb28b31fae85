/**
 * `npm run bench` — benchmarks of Chatty on this machine: fan-out in the local cloud against a bare `ws`
 * server, Lambda bundle sizes and cold starts, and the AWS cost of one message. Prints tables and writes the
 * same figures to bench/results/latest.json. A script, not a test: nothing here fails on a slow figure, but
 * the targets are checked and printed.
 *
 *   --quick                 smaller N and shorter runs (a smoke run of under two minutes)
 *   --clients 100,200       the fan-out client counts to run (default 10,100,500; quick 10,50)
 *   --only fanout|bundles|cost|room|storm   (a comma-separated list runs several)
 *   --room-sizes 10,100     the large-room sizes (default 10,100,500,2000; quick 10,100)
 *   --repeats 5             messages timed per room size (min/median/max; default 5, quick 2)
 *   --storm 500             sockets in the join storm (default 500; quick 100)
 *   --listeners 1,10        the cost benchmark's listener counts (default 1,10,100,1000; quick 1,10)
 *   --aws-latency           also run the room sizes 100 and 1,000 with AWS-like service latencies added to the
 *                           stand-ins (bench/aws-latency.ts) and estimate the deployed latency at 100, 1,000 and
 *                           10,000 sockets
 *
 * Writes bench/results/latest.json and the plot of latency against room size, bench/results/latency-vs-room-size.svg
 * (also bench/latency-vs-room-size.svg, the README's copy, on a full run).
 *
 * Where the local cloud's time goes: run a fan-out under Node's profiler, e.g.
 *   node --cpu-prof --cpu-prof-dir=bench/results/profiles --import tsx bench/run.ts --only fanout --clients 100
 * The profile covers this process (the gateway, @connections, the bus, the stream poller, the runner's side of
 * each invocation); the functions run in their own processes and DynamoDB Local in its JVM.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalCloud } from '../infra/local/cloud';
import { repoRoot } from '../infra/local/paths';
import { type DeployedEstimate, estimateDeployed, startAwsLikeCloud } from './aws-latency';
import { benchJoinStorm, benchRoomSizes, type JoinStormResult, type RoomSizeRow } from './big-room';
import { type BundlesResult, benchBundles } from './bundles';
import { benchCost, type CostResult, startCountedCloud } from './cost';
import { benchFanOut, type FanOutPlan, type FanOutRow } from './fan-out';
import { latencyPlotSvg, type PlotSeries } from './latency-plot';
import { machineInfo } from './machine';
import { prices, pricesAsOf } from './prices';
import { table } from './stats';

const benchmarks = ['fanout', 'bundles', 'cost', 'room', 'storm'] as const;
type Benchmark = (typeof benchmarks)[number];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    clients: { type: 'string' },
    'room-sizes': { type: 'string' },
    repeats: { type: 'string' },
    storm: { type: 'string' },
    listeners: { type: 'string' },
    'aws-latency': { type: 'boolean', default: false },
  },
});
const only = values.only?.split(',');
if (only?.some((b) => !benchmarks.includes(b as Benchmark))) {
  console.error(`--only must name some of ${benchmarks.join(', ')}`);
  process.exit(2);
}
const quick = values.quick ?? false;
const selected = (b: Benchmark) => only === undefined || only.includes(b);
const numbers = (raw: string | undefined, fallback: number[]) =>
  raw ? raw.split(',').map(Number) : fallback;

const plan = {
  fanOut: {
    clientCounts: values.clients ? values.clients.split(',').map(Number) : quick ? [10, 50] : [10, 100, 500],
    senders: 10,
    ratePerSender: 0.8,
    durationMs: quick ? 8_000 : 20_000,
  } satisfies FanOutPlan,
  costListeners: numbers(values.listeners, quick ? [1, 10] : [1, 10, 100, 1000]),
  roomSizes: numbers(values['room-sizes'], quick ? [10, 100] : [10, 100, 500, 2000]),
  repeats: Number(values.repeats ?? (quick ? 2 : 5)),
  stormSockets: Number(values.storm ?? (quick ? 100 : 500)),
  awsLatencySizes: quick ? [100] : [100, 1000],
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
let roomSizes: RoomSizeRow[] | undefined;
let joinStorm: JoinStormResult | undefined;
let awsLike: { rows: RoomSizeRow[]; estimates: DeployedEstimate[] } | undefined;

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
if (selected('room') || selected('storm')) {
  // A fresh cloud: the fan-out benchmark's parked sockets would be in every count.
  const cloud = await startLocalCloud({
    dataDir: null,
    relaxedLimits: true,
    log: (fn, line) => functionLog.write(`[${fn}] ${line}\n`),
  });
  try {
    if (selected('storm')) joinStorm = await benchJoinStorm(cloud, plan.stormSockets, progress);
    if (selected('room')) roomSizes = await benchRoomSizes(cloud, plan.roomSizes, plan.repeats, progress);
  } finally {
    await cloud.stop();
  }
}
if (values['aws-latency']) {
  progress('AWS-like latencies: starting the local cloud');
  const aws = await startAwsLikeCloud((fn, line) => functionLog.write(`[aws ${fn}] ${line}\n`));
  try {
    const rows = await benchRoomSizes(aws.cloud, plan.awsLatencySizes, plan.repeats, progress);
    const onePage = rows.find((r) => r.sockets <= 100)?.cloud.median ?? Number.NaN;
    awsLike = { rows, estimates: [100, 1000, 10_000].map((n) => estimateDeployed(n, onePage)) };
  } finally {
    await aws.stop();
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
  roomSizes,
  joinStorm,
  awsLike,
  bundles,
  cost: cost && { ...cost, pricesAsOf, prices },
  targets,
};
const outDir = join(repoRoot, 'bench', 'results');
await mkdir(outDir, { recursive: true });
await writeFile(join(outDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
if (roomSizes) {
  const svg = latencyPlotSvg(
    'One message to every socket of a room: time until the last has it',
    plotSeries(),
  );
  await writeFile(join(outDir, 'latency-vs-room-size.svg'), svg);
  // The README's copy only from a full run: a partial one (--only, --quick) would leave series out of it.
  if (!quick && only === undefined) await writeFile(join(repoRoot, 'bench', 'latency-vs-room-size.svg'), svg);
}

const m = results.machine;
console.log(
  `\nChatty benchmarks (${results.mode}) — ${m.cpuCount}× ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}; load average ${results.loadAverage1m.atStart} → ${results.loadAverage1m.atEnd}\n`,
);
if (fanOut) printFanOut(fanOut);
if (joinStorm) printJoinStorm(joinStorm);
if (roomSizes) printRoomSizes('Large room', roomSizes);
if (awsLike) {
  printRoomSizes('With AWS-like service latencies (bench/aws-latency.ts)', awsLike.rows);
  console.log('Deployed estimate (model of bench/aws-latency.ts from the one-page time above)');
  console.log(
    table(
      ['sockets', 'pages', 'FanOut waves', 'estimate ms'],
      awsLike.estimates.map((e) => [e.sockets, e.pages, e.waves, e.estimateMs]),
    ),
  );
  console.log('');
}
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

function printJoinStorm(s: JoinStormResult): void {
  console.log(
    `Join storm: ${s.sockets} sockets connecting at once, until every socket's presence shows the room`,
  );
  console.log(
    table(
      [
        'sockets',
        'settled ms',
        'connect ms',
        'ws connect ms',
        'unsettled',
        'refused',
        'largest frame B',
        'frames/socket max',
        'median',
        'max frames/s',
      ],
      [
        [
          s.sockets,
          s.settleMs,
          s.connectMs,
          s.baselineConnectMs,
          s.unsettled,
          s.refused,
          s.largestPresenceFrameBytes,
          s.presenceFramesPerSocket.max,
          s.presenceFramesPerSocket.median,
          s.maxPresenceFramesPerSecond,
        ],
      ],
    ),
  );
  console.log('');
}

function printRoomSizes(title: string, rows: RoomSizeRow[]): void {
  console.log(
    `${title}: one message at a time (${plan.repeats} repeats), send → receipt by the last socket, ms min / median / max`,
  );
  const mmm = (x: { min: number; median: number; max: number }) => `${x.min} / ${x.median} / ${x.max}`;
  console.log(
    table(
      ['sockets', 'local cloud', 'ws baseline', '×median', 'lost', 'dup', 'connect ms'],
      rows.map((r) => [
        r.sockets,
        mmm(r.cloud),
        mmm(r.baseline),
        Math.round((r.cloud.median / r.baseline.median) * 10) / 10,
        r.lost,
        r.duplicates,
        r.connectMs,
      ]),
    ),
  );
  console.log('');
}

function plotSeries(): PlotSeries[] {
  const points = (
    rows: RoomSizeRow[],
    pick: (r: RoomSizeRow) => { min: number; median: number; max: number },
  ) => rows.map((r) => ({ x: r.sockets, ...pick(r) }));
  const series: PlotSeries[] = [];
  if (roomSizes) {
    series.push({
      label: 'local cloud (this machine)',
      color: '#c0392b',
      points: points(roomSizes, (r) => r.cloud),
    });
    series.push({
      label: 'bare ws broadcast',
      color: '#2c3e50',
      points: points(roomSizes, (r) => r.baseline),
    });
  }
  if (awsLike) {
    series.push({
      label: 'local cloud + AWS-like latencies',
      color: '#e67e22',
      points: points(awsLike.rows, (r) => r.cloud),
    });
    series.push({
      label: 'deployed estimate',
      color: '#27ae60',
      dashed: true,
      points: awsLike.estimates.map((e) => ({ x: e.sockets, median: e.estimateMs })),
    });
  }
  return series;
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
  if (joinStorm) {
    out.push({
      target: `join storm of ${joinStorm.sockets} settles within 10 s, every socket`,
      measured: `${joinStorm.settleMs} ms, ${joinStorm.unsettled} unsettled`,
      met: joinStorm.settleMs <= 10_000 && joinStorm.unsettled === 0,
    });
    out.push({
      target: 'no presence frame over 32 KB; presence frames per member per second bounded',
      measured: `largest ${joinStorm.largestPresenceFrameBytes} B; at most ${joinStorm.maxPresenceFramesPerSecond} a second`,
      met: joinStorm.largestPresenceFrameBytes <= 32 * 1024 && joinStorm.maxPresenceFramesPerSecond <= 5,
    });
  }
  if (roomSizes) {
    const largest = roomSizes.at(-1);
    if (largest)
      out.push({
        target: `large room: one message reaches all ${largest.sockets} sockets within 1 s (median)`,
        measured: `${largest.cloud.median} ms (ws ${largest.baseline.median} ms), ${largest.lost} lost, ${largest.duplicates} twice`,
        met: largest.cloud.median <= 1000 && largest.lost === 0 && largest.duplicates === 0,
      });
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
