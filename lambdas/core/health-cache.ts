import { limits } from '../contract/limits';
import { type CheckResult, type Probe, runChecks } from './health';
import type { Clock } from './ports';

/** One run of the deep healthcheck's probes. */
export interface HealthReport {
  ok: boolean;
  checks: Record<string, CheckResult>;
  /** When the probes ran (ISO-8601). */
  checkedAt: string;
}

/**
 * Where every instance finds the last report (one table item). Claiming is a conditional write, so exactly one
 * caller refreshes a stale report; the others keep answering from the stored one.
 */
export interface HealthReportStore {
  read(): Promise<HealthReport | undefined>;
  /**
   * True for one caller only: when the stored report (if any) was checked at or before `staleBeforeMs` and no other
   * claim is held at `nowMs`. The claim is held until `nowMs + holdMs` or until `save`.
   */
  claim(claimId: string, staleBeforeMs: number, nowMs: number, holdMs: number): Promise<boolean>;
  /** The table's own probe: reads the claim back (strongly consistent); throws when it is not there. */
  readClaim(claimId: string): Promise<void>;
  /** Stores the report and releases the claim, unless another claim replaced it meanwhile. */
  save(claimId: string, report: HealthReport): Promise<void>;
}

/** The longest a report answers for (the contract's promise). */
export const HEALTH_MAX_AGE_MS = limits.deepHealthMaxAgeSeconds * 1000;
/** Refreshed once this old, so under steady calls no report served is older than HEALTH_MAX_AGE_MS. */
export const HEALTH_REFRESH_AFTER_MS = HEALTH_MAX_AGE_MS - 5_000;
/** Longer than a refresh can take (the function times out after 10 s): a refresher that died frees it then. */
export const HEALTH_CLAIM_HOLD_MS = 15_000;

export interface SharedHealthDeps {
  store: HealthReportStore;
  /** Every dependency's probe but the table's, which is the claim written and read back. */
  probes: Record<string, Probe>;
  clock: Clock;
  newClaimId: () => string;
  /** A fresh report (not one read from the store): the caller logs a failing one once, not on every call. */
  onChecked?: (report: HealthReport) => void;
  /** The report could not be stored: the next call finds the old one and probes again. */
  onSaveError?: (err: unknown) => void;
}

/**
 * The deep healthcheck at a bounded cost: a report younger than HEALTH_REFRESH_AFTER_MS is answered from this
 * instance's memory (no I/O) or from the table (one read). Only the caller whose conditional write claims the
 * refresh probes the dependencies; while it does, the others answer from the stored report (its `checkedAt`
 * says how old: beyond 30 s only right after a quiet spell). When the table cannot be read, each instance probes
 * at most once per HEALTH_REFRESH_AFTER_MS (its memory), and the report says the table is failing.
 */
export function sharedHealth(deps: SharedHealthDeps): () => Promise<HealthReport> {
  let memo: HealthReport | undefined;
  const fresh = (report: HealthReport | undefined, nowMs: number): report is HealthReport =>
    report !== undefined && nowMs - Date.parse(report.checkedAt) < HEALTH_REFRESH_AFTER_MS;

  return async () => {
    const nowMs = deps.clock.now();
    if (fresh(memo, nowMs)) return memo;
    const claimId = deps.newClaimId();
    let claimed = false;
    let tableFailure: { error: unknown } | undefined;
    let stored: HealthReport | undefined;
    try {
      stored = await deps.store.read();
      if (fresh(stored, nowMs)) {
        memo = stored;
        return stored;
      }
      claimed = await deps.store.claim(claimId, nowMs - HEALTH_REFRESH_AFTER_MS, nowMs, HEALTH_CLAIM_HOLD_MS);
      // Another instance is refreshing: answer from the stored report rather than probe too.
      if (!claimed && stored) return stored;
    } catch (error) {
      tableFailure = { error };
    }
    // The table's check: the claim written and read back; else how reading or claiming just failed (not tried
    // again); else (another caller claims the very first report) a read.
    const failure = tableFailure;
    const table: Probe = claimed
      ? async () => deps.store.readClaim(claimId).then(() => undefined)
      : failure
        ? async () => {
            throw failure.error;
          }
        : async () => deps.store.read().then(() => undefined);
    const { ok, checks } = await runChecks({ table, ...deps.probes }, () => deps.clock.now());
    const report: HealthReport = { ok, checks, checkedAt: new Date(nowMs).toISOString() };
    if (claimed) {
      try {
        await deps.store.save(claimId, report);
      } catch (err) {
        deps.onSaveError?.(err);
      }
    }
    memo = report;
    deps.onChecked?.(report);
    return report;
  };
}
