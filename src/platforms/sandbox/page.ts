/**
 * The sandbox chat page (`GET /sandbox?as=<person>&chat=p2p|<unitId>`): pick any person of the
 * directory, chat with the bot 1:1 or in the person's unit group, click card buttons and fill card
 * forms, watch pushes arrive and cards update in place, and move the clock to see the daily jobs.
 * Server-rendered HTML plus one small script (src/web/sandbox/script.ts); no build step.
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Directory } from '../../core/org/directory';
import { ROLE_NAMES_ZH, type Person } from '../../core/org/types';
import { BASE_CSS, CARD_CSS } from '../../web/render/styles';
import { SANDBOX_SCRIPT } from '../../web/sandbox/script';
import { SANDBOX_CSS } from '../../web/sandbox/styles';

export interface SandboxPageView {
  dir: Directory;
  /** The person acting; absent: the picker opens first. */
  me?: Person;
  /** `p2p` or the id of the person's unit. */
  chat: string;
  /** The chat's messages, already rendered (src/web/sandbox/feed.tsx). */
  messagesHtml: string;
  clockLabel: string;
  dailyPushAt: string;
  /** May `me` open the office dashboard (office staff and leaders)? */
  officeAllowed: boolean;
}

const UNIT_KIND_ZH = { town: '乡镇', subdistrict: '街道', department: '部门', office: '机关' } as const;

/** JSON inside <script>: `<` escaped so no string can close the element. */
const scriptJson = (value: unknown) => raw(JSON.stringify(value).replace(/</g, '\\u003c'));

function chatHref(me: Person, chat: string) {
  return `/sandbox?as=${encodeURIComponent(me.id)}&chat=${encodeURIComponent(chat)}`;
}

function picker(view: SandboxPageView) {
  const groups = view.dir.units.map((unit) => ({ unit, members: view.dir.people.filter((p) => p.unitId === unit.id) })).filter((g) => g.members.length > 0);
  return html`<div id="picker" class="picker" hidden role="dialog" aria-modal="true" aria-labelledby="picker-title">
  <div class="picker-panel">
    <div class="picker-head">
      <h2 id="picker-title">选择身份</h2>
      <button type="button" id="picker-close" class="btn" aria-label="关闭">关闭</button>
    </div>
    <input id="picker-q" type="search" placeholder="搜索姓名、职务或单位，例如 赵明、住建局" autocomplete="off" aria-label="搜索人员">
    <div class="picker-list">
      ${groups.map(
        ({ unit, members }) => html`<section class="unit-group" data-unit="${unit.id}">
        <h3>${unit.name}<small>${UNIT_KIND_ZH[unit.kind]}</small></h3>
        <ul>${members.map(
          (p) => html`<li><a class="person${view.me?.id === p.id ? ' current' : ''}" href="/sandbox?as=${encodeURIComponent(p.id)}"
          data-person="${p.id}" data-search="${[p.name, p.post, unit.name, p.id, ...p.roles.map((r) => ROLE_NAMES_ZH[r])].join(' ').toLowerCase()}">
          <b>${p.name}</b><span>${p.post}</span></a></li>`,
        )}</ul>
      </section>`,
      )}
      <p id="picker-empty" class="muted" hidden>没有找到匹配的人员。</p>
    </div>
  </div>
</div>`;
}

function chatTabs(view: SandboxPageView, me: Person) {
  const unit = view.dir.unit(me.unitId);
  const tab = (chat: string, label: string, badge: boolean) => html`<a class="tab${view.chat === chat ? ' on' : ''}" href="${chatHref(me, chat)}"
    ${view.chat === chat ? raw('aria-current="page"') : ''}>${label}${badge ? raw('<span id="other-badge" class="badge" hidden></span>') : ''}</a>`;
  return html`<nav class="tabs" aria-label="会话">
    ${tab('p2p', '与督办助手单聊', view.chat !== 'p2p')}
    ${unit ? tab(unit.id, `${unit.name}群`, view.chat === 'p2p') : ''}
    ${
      view.officeAllowed
        ? html`<form method="post" action="/office/login/sandbox" class="office-link">
      <input type="hidden" name="person" value="${me.id}"><button type="submit" class="btn small">督办台</button></form>`
        : ''
    }
  </nav>`;
}

function clockBar(view: SandboxPageView) {
  return html`<div class="clock" aria-label="沙盒时钟">
    <span class="clock-now"><span class="clock-prefix">沙盒时间 </span><b id="clock-label">${view.clockLabel}</b></span>
    <span class="clock-actions">
      <button type="button" class="btn small" data-jump="day">+1 天</button>
      <button type="button" class="btn small" data-jump="workday">下一工作日 ${view.dailyPushAt}</button>
      <details class="clock-more"><summary class="btn small">指定时间</summary>
        <form id="clock-form"><input id="clock-at" type="datetime-local" aria-label="跳转到的北京时间"><button type="submit" class="btn small">跳转</button></form>
      </details>
      <button type="button" id="run-jobs" class="btn small primary">运行每日任务</button>
    </span>
  </div>`;
}

export function sandboxPage(view: SandboxPageView): HtmlEscapedString | Promise<HtmlEscapedString> {
  const me = view.me;
  const unit = me ? view.dir.unit(me.unitId) : undefined;
  const chips = ['/帮助', '/审批', '/谁请假', '/台账', '/督办 新建', '/请假'];
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">
<link rel="icon" href="data:,">
<title>督办助手 · 沙盒${me ? ` · ${me.name}` : ''}</title>
<style>${raw(BASE_CSS + CARD_CSS + SANDBOX_CSS)}</style>
</head><body>
<header class="top">
  <div class="row">
    <h1>督办助手 <span class="muted">沙盒</span></h1>
    <button type="button" id="pick" class="who" aria-haspopup="dialog">${me ? html`<b>${me.name}</b> <span>${unit?.name ?? ''} ${me.post}</span>` : '选择身份'} ▾</button>
  </div>
  ${me ? chatTabs(view, me) : ''}
  ${me ? clockBar(view) : ''}
</header>
<main id="log" aria-live="polite" aria-label="消息">${raw(view.messagesHtml)}</main>
<p id="empty" class="empty muted">${me ? (view.chat === 'p2p' ? '还没有消息。输入 /帮助 看看能做什么。' : `${unit?.name ?? ''}群里还没有机器人的消息。`) : '请先选择一个身份。'}</p>
${
  me
    ? html`<footer class="composer-wrap">
  <div class="chips">${chips.map((c) => html`<button type="button" class="chip" data-text="${c}">${c}</button>`)}</div>
  <form id="composer" autocomplete="off">
    <input id="text" name="text" placeholder="${view.chat === 'p2p' ? '输入命令，例如 /请假 12月4日-5日 出省 因私 哈尔滨 探亲' : `在${unit?.name ?? ''}群里 @督办助手 发命令`}" aria-label="消息内容" enterkeyhint="send">
    <label class="btn attach" for="upload" title="发送图片或文件作为佐证材料">附件</label>
    <input id="upload" type="file" hidden accept="image/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.et,.dps" aria-label="上传佐证材料">
    <button id="send" type="submit" class="btn primary">发送</button>
  </form>
</footer>`
    : ''
}
${picker(view)}
<div id="toast" class="toast" role="status" aria-live="polite"></div>
<script type="application/json" id="sandbox-data">${scriptJson({ me: me?.id ?? null, meName: me?.name ?? '', chat: view.chat, dailyPushAt: view.dailyPushAt })}</script>
<script>${raw(SANDBOX_SCRIPT)}</script>
</body></html>`;
}
