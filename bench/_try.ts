import { startLocalCloud } from '../infra/local/cloud';
import { benchFanOut } from './fan-out';

const t0 = Date.now();
const cloud = await startLocalCloud({ dataDir: null });
console.log('cloud started in', Date.now() - t0);
try {
  const rows = await benchFanOut(
    cloud,
    { clientCounts: [10, 50], senders: 10, ratePerSender: 0.8, durationMs: 8000 },
    (l) => console.log(Date.now() - t0, l),
  );
  console.log(JSON.stringify(rows, null, 1));
} finally {
  await cloud.stop();
}
console.log('total', Date.now() - t0);
