/**
 * Everything the dashboard shows, read through the domain's own query functions: the ledger and
 * its filters (supervision), the bulletin (reminders), who is away (leave), failed deliveries
 * (outbox). Role rules come from the same modules: only office staff export and see deliveries.
 */
import type { AppDeps } from '../../app-env';
import { awayCard } from '../../core/leave/away';
import { approvedCovering, pendingCovering } from '../../core/leave/store';
import type { Card } from '../../core/messages';
import type { Directory } from '../../core/org/directory';
import type { Person } from '../../core/org/types';
import { computeBulletin, type Bulletin } from '../../core/reminders/bulletin';
import { loadItemStates } from '../../core/reminders/snapshot';
import { loadLedger, type LedgerFilters, type LedgerRow } from '../../core/supervision/ledger';
import { itemLight, LIGHT_KEYS, type LightKey } from '../../core/supervision/light';
import { mayDo, relationsOf } from '../../core/supervision/permissions';
import { localDate, type LocalDate } from '../../core/time';
import { countFailedDeliveries, listFailedDeliveries, mayReviewDeliveries, type FailedDelivery } from '../../outbox/failures';

export const FAILURES_SHOWN = 20;

export interface DashboardData {
  viewer: Person;
  dir: Directory;
  now: Date;
  today: LocalDate;
  filters: LedgerFilters;
  rows: LedgerRow[];
  /** Items per light over the whole ledger (the tiles above the filters), from the same states as the bulletin. */
  lights: Record<LightKey, number>;
  total: number;
  bulletin: Bulletin;
  away: Card;
  failures: { visible: false } | { visible: true; list: FailedDelivery[]; total: number };
  canExport: boolean;
}

export async function loadDashboard(deps: AppDeps, dir: Directory, viewer: Person, filters: LedgerFilters): Promise<DashboardData> {
  const now = deps.clock.now();
  const today = localDate(now);
  const calendar = await deps.loadCalendar(deps.db);
  const seesFailures = mayReviewDeliveries(viewer);
  // The dashboard is the office's view of the whole ledger (Art. 40 台账): everyone allowed in sees all of it.
  const [rows, states, approved, pending, failures, failureCount] = await Promise.all([
    loadLedger(deps.db, calendar, now, filters),
    loadItemStates(deps.db),
    approvedCovering(deps.db, today),
    pendingCovering(deps.db, today),
    seesFailures ? listFailedDeliveries(deps.db, { limit: FAILURES_SHOWN }) : Promise.resolve([]),
    seesFailures ? countFailedDeliveries(deps.db) : Promise.resolve(0),
  ]);
  const keys = states.map((s) => itemLight(s.item, calendar, now).key);
  const lights = Object.fromEntries(LIGHT_KEYS.map((k) => [k, keys.filter((key) => key === k).length])) as Record<LightKey, number>;
  return {
    viewer,
    dir,
    now,
    today,
    filters,
    rows,
    lights,
    total: states.length,
    bulletin: computeBulletin(states, dir, calendar, now),
    away: awayCard(dir, viewer, today, approved, pending),
    failures: seesFailures ? { visible: true, list: failures, total: failureCount } : { visible: false },
    canExport: mayDo('export_ledger', relationsOf(dir, viewer)),
  };
}
