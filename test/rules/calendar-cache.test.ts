import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../db/open-sqlite';
import { calendarDays } from '../../db/schema';
import type { AppDb } from '../../db/types';
import { cachedCalendarLoader } from '../../src/core/calendar/cache';
import { importYear } from '../../src/core/calendar/import-year';
import { calendar2027 } from './fixtures/calendar-2027';

const NOW = new Date('2026-11-20T02:00:00Z');
let db: AppDb;
let close: () => void;

beforeEach(() => {
  ({ db, close } = openSqlite(':memory:'));
});
afterEach(() => close());

describe('the work calendar kept by the Node process (Art. 40 deadlines count working days)', () => {
  it('is read once while the imported schedules are unchanged', async () => {
    const load = cachedCalendarLoader(db);
    expect(await load(db)).toBe(await load(db));
  });

  it('sees an imported year at once, and a re-import at the same instant that changes one day', async () => {
    const load = cachedCalendarLoader(db);
    const before = await load(db);
    expect(before.isWorkingDay('2027-02-20')).toBe(false);

    await importYear(db, JSON.stringify(calendar2027()), { by: 'linxiaomei', now: NOW, holders: [] });
    const imported = await load(db);
    expect(imported).not.toBe(before);
    expect(imported.isWorkingDay('2027-02-20')).toBe(true);

    // Written behind the import's back, same clock: still noticed (the version is the content).
    await db.delete(calendarDays);
    expect((await load(db)).isWorkingDay('2027-02-20')).toBe(false);
  });
});
