import { benchCost } from './cost';
const t0 = Date.now();
const r = await benchCost([1, 10], (l) => console.log(Date.now() - t0, l));
console.log(JSON.stringify(r, null, 1));
