/**
 * `/请假` arguments and the leave form, turned into a typed draft or a clear Chinese error.
 *
 *   /请假 11月28日-30日 出省 因私 赴哈尔滨探亲
 *   /请假 明天 当天往返 省内其他市 因公 到哈尔滨开会
 *   /请假 12月1日-3日 出省 因公 北京 参加培训 紧急 原因：…
 *   /请假 代 马军 12月1日 省内其他市 因公 哈尔滨 开会
 *   /请假 12月8日-10日 出省 因公 北京 参加培训 委托=王丽      (the head names whom he entrusts, Art. 9)
 *   /请假 撤回 12      /请假 取消 12
 *   /请假 记录 2026      (my requests and days away that year)
 */
import { parseDateRangeZh, parseDateZh } from '../dates/parse-zh';
import { UserError } from '../errors';
import type { Directory } from '../org/directory';
import type { Person } from '../org/types';
import type { LocalDate } from '../time';
import { ENTRUST_KEY } from './entrustment';
import { parseRecordYear } from './record';
import { DESTINATION_SCOPES, PURPOSES, purposeFromWord, scopeFromWord, type DestinationScope, type Purpose } from './policy';

export interface LeaveDraft {
  requesterId: string;
  start: LocalDate;
  end: LocalDate;
  scope: DestinationScope;
  purpose: Purpose;
  destination: string;
  reason: string;
  /** The same-day written report of the emergency path (Art. 68); absent on an ordinary request. */
  emergencyReport?: string;
  /** The deputy a district head entrusts while away, by name or id (Art. 9); default the executive deputy. */
  entrustee?: string;
}

export type LeaveCommand =
  | { kind: 'form'; requesterId: string }
  /** `yearNote`: the dates were written without a year and fall in another year (「12月5日」按 2027 年理解。). */
  | { kind: 'file'; draft: LeaveDraft; yearNote?: string }
  | { kind: 'within_city' }
  | { kind: 'withdraw'; id?: number }
  | { kind: 'cancel'; id?: number }
  /** `/请假 记录 [年份]`: my requests and days away in a year. */
  | { kind: 'record'; year: number };

export const LEAVE_EXAMPLES = ['/请假 11月28日-30日 出省 因私 赴哈尔滨探亲', '/请假 明天 当天往返 省内其他市 因公 到哈尔滨开会'];
const EXAMPLE_HINT = `例如：${LEAVE_EXAMPLES.join(' 或 ')}`;
const SCOPE_CHOICES = (['abroad', 'out_of_province', 'other_city', 'within_city'] as const).map((s) => DESTINATION_SCOPES[s].zh).join('、');

export const MAX_DESTINATION = 50;
export const MAX_REASON = 300;

const SAME_DAY_WORDS = ['当天往返', '当日往返', '当天返回', '当日返回'];
const TRAVEL_VERBS = /^(?:赴|到|去|前往)/;
/** Words that start the purpose of a trip, to split "赴哈尔滨探亲" into 哈尔滨 / 探亲. */
const PURPOSE_WORDS = [
  '探亲',
  '探望',
  '看望',
  '开会',
  '参会',
  '参加',
  '出差',
  '学习',
  '培训',
  '考察',
  '调研',
  '办事',
  '就医',
  '治疗',
  '看病',
  '陪护',
  '陪同',
  '旅游',
  '休假',
  '汇报',
  '洽谈',
  '招商',
  '对接',
  '处理',
  '参观',
  '交流',
  '会议',
  '办理',
  '接受',
  '出席',
];

/** Parses the text after `/请假`. `actor` matters only for `代 <姓名>`; who may file for others is checked when filing. */
export function parseLeaveCommand(args: string, dir: Directory, actor: Person, today: LocalDate): LeaveCommand {
  let tokens = args.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return { kind: 'form', requesterId: actor.id };
  const first = tokens[0];
  if (first === '撤回' || first === '撤销') return { kind: 'withdraw', id: optionalId(tokens[1], first) };
  if (first === '取消') return { kind: 'cancel', id: optionalId(tokens[1], first) };
  if (first === '记录') return recordCommand(tokens.slice(1).join(' '), today);

  let requesterId = actor.id;
  if (first === '代') {
    requesterId = personNamed(dir, tokens[1]).id;
    tokens = tokens.slice(2);
    if (tokens.length === 0) return { kind: 'form', requesterId };
  }

  const emergencyAt = tokens.findIndex((t) => t.startsWith('紧急'));
  let emergencyReport: string | undefined;
  if (emergencyAt >= 0) {
    emergencyReport = [tokens[emergencyAt]!.slice(2), ...tokens.slice(emergencyAt + 1)]
      .join(' ')
      .replace(/^[:：\s]*(原因)?[:：=\s]*/, '')
      .trim();
    tokens = tokens.slice(0, emergencyAt);
    if (!emergencyReport) throw new UserError('紧急请假须写明特殊情况的原因，例如：/请假 明天 出省 因私 北京 探望病重亲属 紧急 原因：家人突发重病');
  }

  const scopes = new Set<DestinationScope>();
  const purposes = new Set<Purpose>();
  let sameDay = false;
  const keyed: Record<string, string> = {};
  const free: string[] = [];
  for (const token of tokens) {
    const scope = scopeFromWord(token);
    const purpose = purposeFromWord(token);
    const kv = /^(目的地|事由|原因|委托)[=＝:：](.+)$/.exec(token);
    if (scope) scopes.add(scope);
    else if (purpose) purposes.add(purpose);
    else if (SAME_DAY_WORDS.includes(token)) sameDay = true;
    else if (kv) keyed[kv[1] === '原因' ? '事由' : kv[1]!] = kv[2]!;
    else free.push(token);
  }
  if (scopes.size > 1) throw new UserError(`外出范围只能写一个（${SCOPE_CHOICES}），您写了：${[...scopes].map((s) => DESTINATION_SCOPES[s].zh).join('、')}。`);
  const [scope] = scopes;
  // Art. 68 covers nothing inside the city: answer that before asking for anything else.
  if (scope === 'within_city') return { kind: 'within_city' };

  const [dateText, ...rest] = free;
  if (!dateText) throw new UserError(`请写明外出日期。${EXAMPLE_HINT}`);
  const { start, end, yearNote } = parseDateRangeZh(dateText, today);
  if (sameDay && start !== end) throw new UserError(`“当天往返”只能是一天，您写的是 ${start} 至 ${end}。请只写一个日期，或去掉“当天往返”。`);
  if (!scope) throw new UserError(`请写明外出范围：${SCOPE_CHOICES}。${EXAMPLE_HINT}`);
  if (purposes.size !== 1) throw new UserError(purposes.size ? '因公、因私只能写一个。' : `请写明性质：因公 或 因私。${EXAMPLE_HINT}`);
  const { destination, reason } = splitDestinationAndReason(rest, keyed);
  return {
    kind: 'file',
    draft: checkedDraft({ requesterId, start, end, scope, purpose: [...purposes][0]!, destination, reason, emergencyReport, entrustee: keyed[ENTRUST_KEY] }),
    yearNote,
  };
}

/** The destination and the reason: `目的地=… 事由=…`, two words (哈尔滨 探亲), or one phrase (赴哈尔滨探亲). */
function splitDestinationAndReason(free: string[], keyed: Record<string, string>): { destination: string; reason: string } {
  const strip = (s: string) => s.replace(TRAVEL_VERBS, '');
  let destination = keyed.目的地;
  let reason = keyed.事由;
  if (destination === undefined && reason === undefined) {
    if (free.length >= 2) return { destination: strip(free[0]!), reason: free.slice(1).join(' ') };
    const phrase = free[0] ?? '';
    const split = splitPhrase(phrase);
    if (split) return split;
    if (!phrase) throw new UserError(`请写明目的地和事由。${EXAMPLE_HINT}`);
    throw new UserError(`无法从“${phrase}”中分出目的地和事由，请分开写，例如：哈尔滨 探亲，或 目的地=哈尔滨 事由=探亲。`);
  }
  if (destination === undefined) destination = free.length ? strip(free.join(' ')) : '';
  if (reason === undefined) reason = free.join(' ');
  return { destination: strip(destination), reason };
}

function splitPhrase(phrase: string): { destination: string; reason: string } | undefined {
  if (!TRAVEL_VERBS.test(phrase)) return undefined;
  const body = phrase.replace(TRAVEL_VERBS, '');
  let at = -1;
  for (const word of PURPOSE_WORDS) {
    const i = body.indexOf(word);
    if (i > 0 && (at < 0 || i < at)) at = i;
  }
  return at > 0 ? { destination: body.slice(0, at), reason: body.slice(at) } : undefined;
}

/** A form submission (the `/请假` card): field names are those of `leaveFormCard`. */
export function draftFromForm(form: Record<string, string>, requesterId: string, today: LocalDate): LeaveDraft | { kind: 'within_city' } {
  const value = (name: string) => (form[name] ?? '').trim();
  const scope = (Object.keys(DESTINATION_SCOPES) as DestinationScope[]).find((s) => s === value('scope'));
  if (!scope) throw new UserError(`请选择外出范围：${SCOPE_CHOICES}。`);
  if (scope === 'within_city') return { kind: 'within_city' };
  if (!value('start')) throw new UserError('请填写出发日期。');
  const start = parseDateZh(value('start'), today, 'ahead');
  const end = value('end') ? parseDateZh(value('end'), today, 'ahead') : start;
  if (end < start) throw new UserError(`返回日期 ${end} 早于出发日期 ${start}，请检查后重新提交。`);
  const purpose = (Object.keys(PURPOSES) as Purpose[]).find((p) => p === value('purpose'));
  if (!purpose) throw new UserError('请选择性质：因公 或 因私。');
  const emergency = value('emergency') === 'yes';
  if (emergency && !value('emergency_report')) throw new UserError('选择了紧急请假，请填写特殊情况的书面报告（原因）。');
  return checkedDraft({
    requesterId,
    start,
    end,
    scope,
    purpose,
    destination: value('destination'),
    reason: value('reason'),
    emergencyReport: emergency ? value('emergency_report') : undefined,
    entrustee: value('entrustee') || undefined,
  });
}

function checkedDraft(draft: LeaveDraft): LeaveDraft {
  if (!draft.destination) throw new UserError('请填写目的地，例如：哈尔滨。');
  if (!draft.reason) throw new UserError('请填写事由，例如：探亲、参加培训。');
  if (draft.destination.length > MAX_DESTINATION) throw new UserError(`目的地太长（最多 ${MAX_DESTINATION} 字），请精简。`);
  if (draft.reason.length > MAX_REASON) throw new UserError(`事由太长（最多 ${MAX_REASON} 字），请精简。`);
  if ((draft.emergencyReport?.length ?? 0) > MAX_REASON) throw new UserError(`紧急情况说明太长（最多 ${MAX_REASON} 字），请精简。`);
  return draft;
}

function recordCommand(rest: string, today: LocalDate): LeaveCommand {
  const parsed = parseRecordYear(rest, today);
  if ('error' in parsed) throw new UserError(`${parsed.error}\n用法：/请假 记录 或 /请假 记录 ${today.slice(0, 4)}`);
  return { kind: 'record', year: parsed.year };
}

function optionalId(raw: string | undefined, verb: string): number | undefined {
  if (raw === undefined) return undefined;
  const id = Number(raw.replace(/^#|^编号/, ''));
  if (!Number.isInteger(id) || id <= 0) throw new UserError(`请假编号应为数字，例如：/请假 ${verb} 12（编号见请假卡片标题）。`);
  return id;
}

/** Finds one active person by name, or explains why not. */
export function personNamed(dir: Directory, name: string | undefined): Person {
  if (!name) throw new UserError('请写明为谁请假，例如：/请假 代 马军 12月1日 省内其他市 因公 哈尔滨 开会');
  const matches = dir.personByName(name);
  if (matches.length === 0) throw new UserError(`通讯录中没有“${name}”，请检查姓名。`);
  if (matches.length > 1) {
    throw new UserError(
      `通讯录中有 ${matches.length} 位“${name}”：${matches.map((p) => `${p.name}（${dir.unit(p.unitId)?.name ?? ''}${p.post}）`).join('、')}，请联系管理员区分。`,
    );
  }
  return matches[0]!;
}
