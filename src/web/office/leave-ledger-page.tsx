/** GET /office/leave: the office's leave ledger (Art. 68) with filters, per-person yearly totals and the export. */
import type { Directory } from '../../core/org/directory';
import type { Person } from '../../core/org/types';
import { DESTINATION_SCOPES, PURPOSES, type Purpose } from '../../core/leave/policy';
import { DAYS_NOTE, daysText } from '../../core/leave/record-card';
import type { DaysAway } from '../../core/leave/record';
import { PROVISIONAL_NOTE } from '../../core/calendar/types';
import { formatDateZh, formatInstantZh } from '../../core/time';
import { Page } from './layout';
import { LEDGER_SCOPES, leaveFilterQueryString, type LeaveLedgerData, type PersonTotal } from './leave-ledger-data';

interface Props {
  viewer: Person;
  unitName: string;
  dir: Directory;
  data: LeaveLedgerData;
  errors: string[];
  mayExport: boolean;
}

const option = (value: string, label: string, current: string | undefined) => (
  <option value={value} selected={value === current ? true : undefined}>
    {label}
  </option>
);

function Filters({ dir, data, errors }: Pick<Props, 'dir' | 'data' | 'errors'>) {
  const f = data.filters;
  const people = [...dir.people].sort((a, b) => a.unitId.localeCompare(b.unitId) || a.name.localeCompare(b.name, 'zh'));
  return (
    <form class="filters" method="get" action="/office/leave" aria-label="请假台账筛选">
      <label>
        请假人
        <select name="person">
          {option('', '全部人员', f.personId)}
          {people.map((p) => option(p.id, `${p.name}（${dir.unit(p.unitId)?.name ?? ''}）`, f.personId))}
        </select>
      </label>
      <label>
        单位
        <select name="unit">
          {option('', '全部单位', f.unitId)}
          {dir.units.map((u) => option(u.id, u.name, f.unitId))}
        </select>
      </label>
      <label>
        开始日期
        <input type="date" name="from" value={f.from ?? ''} />
      </label>
      <label>
        结束日期
        <input type="date" name="to" value={f.to ?? ''} />
      </label>
      <label>
        外出范围
        <select name="scope">
          {option('', '全部范围', f.scope)}
          {LEDGER_SCOPES.map((s) => option(s, DESTINATION_SCOPES[s].zh, f.scope))}
        </select>
      </label>
      <label>
        性质
        <select name="purpose">
          {option('', '因公和因私', f.purpose)}
          {(Object.keys(PURPOSES) as Purpose[]).map((p) => option(p, PURPOSES[p].zh, f.purpose))}
        </select>
      </label>
      <label>
        紧急
        <select name="emergency">
          {option('', '全部', f.emergency === undefined ? '' : undefined)}
          {option('yes', '紧急请假', f.emergency === true ? 'yes' : undefined)}
          {option('no', '非紧急', f.emergency === false ? 'no' : undefined)}
        </select>
      </label>
      <label>
        统计年度
        <input type="number" name="year" min="2000" max="2100" value={String(f.year)} />
      </label>
      <div class="actions">
        <button type="submit" class="btn primary">
          筛选
        </button>
        <a class="btn" href="/office/leave">
          清除
        </a>
      </div>
      {errors.map((e) => (
        <p class="error-box" role="alert">
          {e}
        </p>
      ))}
    </form>
  );
}

const days = (d: DaysAway) => (d.calendarDays ? daysText(d) : '—');

function purposeDays(total: PersonTotal, purpose: Purpose): DaysAway {
  return total.record.totals
    .filter((t) => t.purpose === purpose)
    .reduce<DaysAway>(
      (acc, t) => ({
        calendarDays: acc.calendarDays + t.calendarDays,
        workingDays: acc.workingDays + t.workingDays,
        provisional: acc.provisional || t.provisional,
      }),
      { calendarDays: 0, workingDays: 0, provisional: false },
    );
}

function Totals({ data }: { data: LeaveLedgerData }) {
  const { totals, filters } = data;
  if (totals.length === 0)
    return (
      <p class="muted" id="leave-totals-empty">
        {filters.year} 年没有符合条件的请假。
      </p>
    );
  const provisional = totals.some((t) => t.record.overall.provisional);
  return (
    <>
      <table class="grid stack" id="leave-totals">
        <thead>
          <tr>
            <th>请假人</th>
            <th>单位</th>
            <th class="num">已批准次数</th>
            <th>合计</th>
            <th>因公</th>
            <th>因私</th>
            <th class="num">未计入</th>
          </tr>
        </thead>
        <tbody>
          {totals.map((t) => (
            <tr data-person={t.personId}>
              <td data-label="请假人">
                <a href={`/office/leave${leaveFilterQueryString({ ...filters, personId: t.personId })}`}>{t.name}</a>
              </td>
              <td data-label="单位">{t.unit}</td>
              <td data-label="已批准次数" class="num">
                {t.record.overall.trips}
              </td>
              <td data-label="合计">{days(t.record.overall)}</td>
              <td data-label="因公">{days(purposeDays(t, 'official'))}</td>
              <td data-label="因私">{days(purposeDays(t, 'private'))}</td>
              <td data-label="未计入" class="num">
                {t.record.entries.filter((e) => !e.counted).length}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {provisional ? <p class="note">部分日期：{PROVISIONAL_NOTE}。</p> : null}
    </>
  );
}

function Rows({ data }: { data: LeaveLedgerData }) {
  if (data.rows.length === 0)
    return (
      <p class="muted" id="leave-ledger-empty">
        没有符合条件的请假。
      </p>
    );
  return (
    <table class="grid stack" id="leave-ledger">
      <thead>
        <tr>
          <th>编号</th>
          <th>请假人</th>
          <th>单位</th>
          <th>外出日期</th>
          <th>范围</th>
          <th>性质</th>
          <th>目的地</th>
          <th>事由</th>
          <th>状态</th>
          <th class="num">日历日</th>
          <th class="num">工作日</th>
        </tr>
      </thead>
      <tbody>
        {data.rows.map((r) => (
          <tr>
            <td data-label="编号" class="num">
              {r.id}
            </td>
            <td data-label="请假人">{r.person}</td>
            <td data-label="单位">{r.unit}</td>
            <td data-label="外出日期" class="nowrap">
              {r.start === r.end ? r.start : `${r.start} 至 ${r.end}`}
            </td>
            <td data-label="范围">{r.scope}</td>
            <td data-label="性质">{r.purpose}</td>
            <td data-label="目的地">{r.destination}</td>
            <td data-label="事由">{r.reason}</td>
            <td data-label="状态">
              {r.status}
              {r.emergency === '是' ? '（紧急）' : ''}
              {r.returnedAt ? '，已销假' : ''}
            </td>
            <td data-label="日历日" class="num">
              {r.calendarDays || '不计入'}
            </td>
            <td data-label="工作日" class="num">
              {r.workingDays || '不计入'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function LeaveLedgerPage({ viewer, unitName, dir, data, errors, mayExport }: Props) {
  const query = leaveFilterQueryString(data.filters);
  const range =
    data.filters.from || data.filters.to
      ? `${data.filters.from ? formatDateZh(data.filters.from) : '不限'} 至 ${data.filters.to ? formatDateZh(data.filters.to) : '不限'}`
      : `${data.filters.year} 年`;
  return (
    <Page title="请假台账 · 督办台" viewer={{ person: viewer, unitName }}>
      <main class="page">
        <section class="panel" id="leave">
          <h2>
            请假台账{' '}
            <small>
              {range} · 共 {data.rows.length} 件 · 数据截至 {formatInstantZh(data.now)}（北京时间）
            </small>
          </h2>
          <Filters dir={dir} data={data} errors={errors} />
          <div class="exports">
            {mayExport ? (
              <>
                <a class="btn" id="export-leave-xlsx" href={`/office/export/leave.xlsx${query}`} download>
                  导出 Excel
                </a>
                <a class="btn" id="export-leave-csv" href={`/office/export/leave.csv${query}`} download>
                  导出 CSV
                </a>
              </>
            ) : (
              <span class="note">请假台账导出仅限区政府办工作人员。</span>
            )}
          </div>
          <Rows data={data} />
        </section>
        <section class="panel" id="leave-totals-panel">
          <h2>
            {data.filters.year} 年每人请假天数 <small>按上方筛选条件（日期范围除外）</small>
          </h2>
          <Totals data={data} />
          <p class="note">{DAYS_NOTE}</p>
          <p class="note">因公因私出国(境)、出省及离开市域到省内其他市(地)须按《工作规则》第六十八条请假报告；市内外出无需请假，不在台账中。</p>
        </section>
      </main>
    </Page>
  );
}
