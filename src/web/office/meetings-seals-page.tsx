/** GET /office/meetings and /office/seals: the meetings with their agenda and minutes (Art. 50–57), the seal-use log (Art. 64). */
import type { Person } from '../../core/org/types';
import type { SealLogRow } from '../../export/seal-log';
import { Page } from './layout';

export interface MeetingRow {
  id: number;
  kind: string;
  title: string;
  date: string;
  host: string;
  agenda: string;
  minutes: string;
  items: string;
}

export interface UnitMeetingRow {
  id: number;
  unit: string;
  title: string;
  date: string;
  status: string;
  override: string;
}

interface Viewer {
  viewer: Person;
  unitName: string;
}

export function MeetingsPage({ viewer, unitName, meetings, unitMeetings }: Viewer & { meetings: MeetingRow[]; unitMeetings: UnitMeetingRow[] }) {
  return (
    <Page title="区政府会议 · 督办台" viewer={{ person: viewer, unitName }}>
      <main class="page">
        <section class="panel" id="meetings">
          <h2>区政府会议</h2>
          {meetings.length === 0 ? (
            <p class="muted">还没有安排会议。在聊天中发送 /会议 安排 类别=常务会议 名称=… 日期=…</p>
          ) : (
            <table class="grid stack" id="meetings-table">
              <thead>
                <tr>
                  <th>编号</th>
                  <th>会议</th>
                  <th>名称</th>
                  <th>日期</th>
                  <th>主持人</th>
                  <th>议题</th>
                  <th>纪要</th>
                  <th>督查事项</th>
                </tr>
              </thead>
              <tbody>
                {meetings.map((m) => (
                  <tr>
                    <td data-label="编号">{m.id}</td>
                    <td data-label="会议">{m.kind}</td>
                    <td data-label="名称">{m.title}</td>
                    <td data-label="日期">{m.date}</td>
                    <td data-label="主持人">{m.host}</td>
                    <td data-label="议题">{m.agenda}</td>
                    <td data-label="纪要">{m.minutes}</td>
                    <td data-label="督查事项">{m.items}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p class="note">
            全体会议一般每半年召开1次（第五十一条），常务会议一般每月召开1次（第五十二条）；议题经分管领导、常务副区长审核，报区长审定（第五十四条）；纪要经常务副区长审核后由区长签发，专题会议纪要由主持人签发（第五十六条）。
          </p>
        </section>
        <section class="panel" id="unit-meetings">
          <h2>部门全区性会议</h2>
          {unitMeetings.length === 0 ? (
            <p class="muted">没有部门全区性会议申请。</p>
          ) : (
            <table class="grid stack" id="unit-meetings-table">
              <thead>
                <tr>
                  <th>编号</th>
                  <th>单位</th>
                  <th>名称</th>
                  <th>日期</th>
                  <th>状态</th>
                  <th>例外理由</th>
                </tr>
              </thead>
              <tbody>
                {unitMeetings.map((m) => (
                  <tr>
                    <td data-label="编号">{m.id}</td>
                    <td data-label="单位">{m.unit}</td>
                    <td data-label="名称">{m.title}</td>
                    <td data-label="日期">{m.date}</td>
                    <td data-label="状态">{m.status}</td>
                    <td data-label="例外理由">{m.override}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p class="note">部门召开的全区性会议，原则上每年不超过1次，须先经区政府分管领导同意再报区政府审批（第五十七条）。</p>
        </section>
      </main>
    </Page>
  );
}

export function SealsPage({ viewer, unitName, rows, mayExport }: Viewer & { rows: SealLogRow[]; mayExport: boolean }) {
  return (
    <Page title="用印登记 · 督办台" viewer={{ person: viewer, unitName }}>
      <main class="page">
        <section class="panel" id="seals">
          <h2>用印登记</h2>
          {mayExport ? (
            <div class="exports">
              <a class="btn" id="export-seals-xlsx" href="/office/export/seals.xlsx" download>
                导出 Excel
              </a>
              <a class="btn" id="export-seals-csv" href="/office/export/seals.csv" download>
                导出 CSV
              </a>
            </div>
          ) : null}
          {rows.length === 0 ? (
            <p class="muted">没有用印申请。在聊天中发送 /用印 印章=区政府 事由=… 份数=…</p>
          ) : (
            <table class="grid stack" id="seals-table">
              <thead>
                <tr>
                  <th>编号</th>
                  <th>印章</th>
                  <th>事由</th>
                  <th>份数</th>
                  <th>申请单位</th>
                  <th>申请人</th>
                  <th>状态</th>
                  <th>签批人</th>
                  <th>签批时间</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    <td data-label="编号">{r.id}</td>
                    <td data-label="印章">{r.seal}</td>
                    <td data-label="事由">{r.purpose}</td>
                    <td data-label="份数" class="num">
                      {r.copies}
                    </td>
                    <td data-label="申请单位">{r.unit}</td>
                    <td data-label="申请人">{r.requester}</td>
                    <td data-label="状态">{r.status}</td>
                    <td data-label="签批人">{r.signedBy}</td>
                    <td data-label="签批时间">{r.signedAt}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p class="note">区政府及区政府党组印信的使用须经区长或由区长委托副区长签批，区政府办公室印信的使用须经区政府办公室主任签批（第六十四条）。</p>
        </section>
      </main>
    </Page>
  );
}
