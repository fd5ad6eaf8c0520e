/** GET /office: the ledger with filters and lights, the week's bulletin, who is away, failed deliveries. */
import { raw } from 'hono/html';
import { LEDGER_COLUMNS } from '../../export/ledger-columns';
import { percent, bulletinCard } from '../../core/reminders/bulletin-card';
import type { UnitFigures } from '../../core/reminders/bulletin';
import { DEADLINE_RULES } from '../../core/rules/deadlines';
import { describeFilters } from '../../core/supervision/ledger';
import { LIGHT_KEYS } from '../../core/supervision/light';
import { STATUS_ZH, type ItemStatus } from '../../core/supervision/types';
import { formatInstantZh, formatDateZh } from '../../core/time';
import type { FailedDelivery } from '../../outbox/failures';
import { chartSvg } from '../render/chart';
import { CardView } from '../render/card';
import { Markdown } from '../render/markdown';
import type { DashboardData } from './dashboard-data';
import { filterQueryString, ledgerUnits, LIGHT_NAMES_ZH, MAX_DUE_WORKING_DAYS } from './filters';
import { Page } from './layout';
import { SearchBox, SearchResults, type OfficeSearch } from './ledger-search';

/** The ledger table's columns: the export's own columns, so the screen and the file agree. */
const SHOWN = ['编号', '督办灯', '标题', '来源', '主办单位', '状态', '办理期限', '签收情况', '最新报告'];
const columns = SHOWN.map((h) => LEDGER_COLUMNS.find((c) => c.header === h)!);

function LedgerTable({ data }: { data: DashboardData }) {
  if (data.rows.length === 0)
    return (
      <p class="muted" id="ledger-empty">
        没有符合条件的督查事项。
      </p>
    );
  return (
    <table class="grid stack" id="ledger-table">
      <thead>
        <tr>
          {columns.map((c) => (
            <th scope="col">{c.header}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {data.rows.map((row) => (
          <tr data-item={row.item.id} data-light={row.light.key}>
            {columns.map((c) => {
              const value = c.value(row, data.dir);
              if (c.header === '编号')
                return (
                  <td data-label={c.header}>
                    <a href={`/office/items/${encodeURIComponent(row.item.id)}`}>{value}</a>
                  </td>
                );
              if (c.header === '督办灯')
                return (
                  <td data-label={c.header} class="light">
                    {value}
                  </td>
                );
              return <td data-label={c.header}>{value}</td>;
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Filters({ data, errors }: { data: DashboardData; errors: string[] }) {
  const f = data.filters;
  const option = (value: string, label: string, current: string | undefined) => (
    <option value={value} selected={value === current ? true : undefined}>
      {label}
    </option>
  );
  return (
    <form class="filters" method="get" action="/office#ledger" aria-label="台账筛选">
      <label>
        主办或协办单位
        <select name="unit">
          {option('', '全部单位', f.unitId)}
          {ledgerUnits(data.dir).map((u) => option(u.id, u.name, f.unitId))}
        </select>
      </label>
      <label>
        来源
        <select name="source">
          {option('', '全部来源', f.source)}
          {DEADLINE_RULES.map((r) => option(r.source, r.label, f.source))}
        </select>
      </label>
      <label>
        状态
        <select name="status">
          {option('', '全部状态', f.status)}
          {(Object.keys(STATUS_ZH) as ItemStatus[]).map((s) => option(s, STATUS_ZH[s], f.status))}
        </select>
      </label>
      <label>
        督办灯
        <select name="light">
          {option('', '全部', f.light)}
          {LIGHT_KEYS.map((k) => option(k, LIGHT_NAMES_ZH[k], f.light))}
        </select>
      </label>
      <label>
        N 个工作日内到期
        <input
          type="number"
          name="due"
          min="0"
          max={String(MAX_DUE_WORKING_DAYS)}
          inputmode="numeric"
          placeholder="例如 3"
          value={f.dueWithinWorkingDays === undefined ? undefined : String(f.dueWithinWorkingDays)}
        />
      </label>
      <div class="actions">
        <button type="submit" class="btn primary">
          筛选
        </button>
        <a class="btn" href="/office#ledger">
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

function LedgerPanel({ data, errors, search }: { data: DashboardData; errors: string[]; search: OfficeSearch }) {
  const condition = describeFilters(data.filters, data.dir);
  const query = filterQueryString(data.filters);
  return (
    <section class="panel" id="ledger">
      <h2>
        督查台账{' '}
        <small>
          共 {data.total} 项 · 数据截至 {formatInstantZh(data.now)}（北京时间）
        </small>
      </h2>
      <div class="tiles">
        {LIGHT_KEYS.map((k) => (
          <a class={`tile${data.filters.light === k ? ' on' : ''}`} href={`/office${filterQueryString({ light: k })}#ledger`} data-light-tile={k}>
            <b>{data.lights[k]}</b>
            {LIGHT_NAMES_ZH[k]}
          </a>
        ))}
      </div>
      <SearchBox search={search} />
      {search.kind === 'done' ? <SearchResults result={search.result} dir={data.dir} /> : null}
      <Filters data={data} errors={errors} />
      <div class="exports">
        <span id="ledger-count">
          {condition ? `筛选（${condition}）：` : ''}
          {data.rows.length} 项
        </span>
        {data.canExport ? (
          <>
            <a class="btn" id="export-xlsx" href={`/office/export/ledger.xlsx${query}`} download>
              导出 Excel
            </a>
            <a class="btn" id="export-csv" href={`/office/export/ledger.csv${query}`} download>
              导出 CSV
            </a>
          </>
        ) : (
          <span class="note">台账导出仅限区政府办督查人员。</span>
        )}
      </div>
      <LedgerTable data={data} />
      <p class="note">督办灯：🟢 正常 · 🟡 2个工作日内到期 · 🔴 逾期 · ⚪ 已办结或归档（依据《工作规则》第四十条建立督查台账）。点编号查看办理时间线。</p>
    </section>
  );
}

function figuresRow(name: string, f: UnitFigures, href?: string) {
  return (
    <tr class={href ? undefined : 'total'}>
      <td data-label="单位">{href ? <a href={href}>{name}</a> : name}</td>
      <td data-label="在办" class="num">
        {f.open.length}
      </td>
      <td data-label="逾期" class="num">
        {f.overdue.length}
      </td>
      <td data-label="按期办结" class="num">
        {f.completedOnTime.length}
      </td>
      <td data-label="逾期办结" class="num">
        {f.completedLate.length}
      </td>
      <td data-label="退回报告" class="num">
        {f.returned.length}
      </td>
      <td data-label="延期" class="num">
        {f.extensions.length}
      </td>
      <td data-label="按期办结率" class="num">
        {percent(f.onTimeRate)}
      </td>
    </tr>
  );
}

function BulletinPanel({ data }: { data: DashboardData }) {
  const card = bulletinCard(data.bulletin, data.dir);
  const chart = card.blocks.find((b) => b.type === 'chart');
  const notes = card.blocks.filter((b) => b.type === 'note');
  const unitName = (id: string) => data.dir.unit(id)?.name ?? id;
  return (
    <section class="panel" id="bulletin">
      <h2>
        本周督查通报 <small>{formatDateZh(data.today)} · 按主办单位统计</small>
      </h2>
      <div class="bulletin-body">
        {chart && chart.type === 'chart' ? raw(chartSvg(chart)) : null}
        {data.bulletin.units.length ? (
          <table class="grid stack" id="bulletin-table">
            <thead>
              <tr>
                {['单位', '在办', '逾期', '按期办结', '逾期办结', '退回报告', '延期', '按期办结率'].map((h, i) => (
                  <th scope="col" class={i ? 'num' : undefined}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.bulletin.units.map((f) => figuresRow(unitName(f.unitId), f, `/office${filterQueryString({ unitId: f.unitId })}#ledger`))}
              {figuresRow('全区', data.bulletin.totals)}
            </tbody>
          </table>
        ) : null}
      </div>
      {notes.map((n) => (n.type === 'note' ? <Markdown text={n.text} class="md note" /> : null))}
    </section>
  );
}

const OP_ZH: Record<FailedDelivery['op'], string> = { send: '消息', refresh: '卡片更新', urgent: '加急提醒' };
const PLATFORM_ZH: Record<string, string> = { feishu: '飞书', dingtalk: '钉钉', sandbox: '沙盒' };

function recipient(data: DashboardData, f: FailedDelivery): string {
  if (f.recipientType === 'person') return data.dir.person(f.recipientId)?.name ?? `人员 ${f.recipientId}`;
  if (f.recipientType === 'unit_chat') return `${data.dir.unit(f.recipientId)?.name ?? f.recipientId}群`;
  if (f.recipientType === 'platform_user') return `未登记账号 ${f.recipientId}`;
  return `「${f.recipientId}」已发出的卡片`;
}

function FailuresPanel({ data }: { data: DashboardData }) {
  const failures = data.failures;
  return (
    <section class="panel" id="failures">
      <h2>投递失败 {failures.visible ? <small>共 {failures.total} 条</small> : null}</h2>
      {!failures.visible ? (
        <p class="note">投递失败记录仅区政府办督查人员可以查看和处理。</p>
      ) : failures.total === 0 ? (
        <p class="muted" id="failures-empty">
          目前没有投递失败的消息。
        </p>
      ) : (
        <>
          <table class="grid stack" id="failures-table">
            <thead>
              <tr>
                <th>#</th>
                <th>平台</th>
                <th>类型</th>
                <th>接收方</th>
                <th>原因</th>
                <th class="num">尝试</th>
                <th>生成时间</th>
              </tr>
            </thead>
            <tbody>
              {failures.list.map((f) => (
                <tr>
                  <td data-label="#">{f.id}</td>
                  <td data-label="平台" class="nowrap">
                    {PLATFORM_ZH[f.platform] ?? f.platform}
                  </td>
                  <td data-label="类型" class="nowrap">
                    {OP_ZH[f.op]}
                  </td>
                  <td data-label="接收方">{recipient(data, f)}</td>
                  <td data-label="原因">{f.reason}</td>
                  <td data-label="尝试" class="num">
                    {f.attempts}
                  </td>
                  <td data-label="生成时间">{formatInstantZh(f.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="note">先排除原因（如把机器人拉入群聊、为人员登记平台账号），再在督办助手中发送 /投递失败 并点「重新投递」。</p>
        </>
      )}
    </section>
  );
}

export function DashboardPage({ data, errors, search = { kind: 'none' } }: { data: DashboardData; errors: string[]; search?: OfficeSearch }) {
  const unitName = data.dir.unit(data.viewer.unitId)?.name ?? '';
  return (
    <Page title="督办台 · 督办助手" viewer={{ person: data.viewer, unitName }}>
      <main class="page">
        <LedgerPanel data={data} errors={errors} search={search} />
        <BulletinPanel data={data} />
        <div class="two">
          <section class="panel" id="away">
            <h2>
              今日请假外出 <small>{formatDateZh(data.today)}</small>
            </h2>
            <CardView card={data.away} options={{ interactive: false }} />
          </section>
          <FailuresPanel data={data} />
        </div>
      </main>
    </Page>
  );
}
