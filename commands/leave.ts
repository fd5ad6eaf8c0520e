import { UserError } from '../src/core/errors';
import { cardMessage, md } from '../src/core/messages';
import { fileLeave, mayFileFor } from '../src/core/leave/file';
import { emergencyFormCard, leaveFormCard } from '../src/core/leave/forms';
import { applyMove, leaveForMove } from '../src/core/leave/lifecycle';
import { draftFromForm, LEAVE_EXAMPLES, parseLeaveCommand, type LeaveCommand } from '../src/core/leave/parse';
import { yearRecord } from '../src/core/leave/record';
import { recordCard } from '../src/core/leave/record-card';
import { requestsTouching } from '../src/core/leave/store';
import { WITHIN_CITY_MESSAGE } from '../src/core/leave/policy';
import { isLocalDate, localDate } from '../src/core/time';
import { defineCommand, type CardAction } from './types';

/** `/请假` (`/leave`): file a request (Art. 68), open the form, or withdraw / cancel one. */
export const leaveCommand = defineCommand<LeaveCommand>({
  name: 'leave',
  zh: '请假',
  summary:
    '请假外出（出国(境)、出省、省内其他市(地)，第六十八条）；“紧急 原因…”走紧急程序；区长可写“委托=副区长姓名”（默认常务副区长，第九条）；撤回、取消；“记录 [年份]”查看本人请假记录和外出天数',
  usage: [
    ...LEAVE_EXAMPLES,
    '/请假 12月1日-3日 出省 因公 北京 参加培训 紧急 原因：接上级临时通知',
    '/请假 代 马军 12月1日 省内其他市 因公 哈尔滨 开会',
    '/请假 12月8日-10日 出省 因公 北京 参加培训 委托=王丽',
    '/请假 撤回 12',
    '/请假 取消 12',
    '/请假 记录 2026',
    '/请假',
  ],
  parse: (args, ctx) => parseLeaveCommand(args, ctx.dir, ctx.actor, localDate(ctx.now)),
  async run(ctx, command) {
    switch (command.kind) {
      case 'form':
        mayFileFor(ctx.dir, ctx.actor, command.requesterId);
        ctx.reply(cardMessage(leaveFormCard(ctx.dir, command.requesterId, ctx.actor.id)));
        return;
      case 'within_city':
        ctx.reply(WITHIN_CITY_MESSAGE);
        return;
      case 'file':
        // Booking ahead: dates without a year are the next ones; the answer says so when that is another year.
        await fileLeave(ctx, command.draft, command.yearNote);
        return;
      case 'withdraw':
      case 'cancel': {
        const leave = await leaveForMove(ctx, command.kind, command.id);
        ctx.reply((await applyMove(ctx, leave, command.kind)).message);
        return;
      }
      case 'record': {
        const requests = await requestsTouching(ctx.db, `${command.year}-01-01`, `${command.year}-12-31`, ctx.actor.id);
        ctx.reply(cardMessage(recordCard(ctx.actor.name, yearRecord(await ctx.calendar(), requests, command.year))));
        return;
      }
    }
  },
});

/** The form card's submit (and the emergency form's): the same filing as the command. */
const submitAction: CardAction = {
  action: 'leave.submit',
  async run(ctx, payload, form) {
    const requesterId = payload.for || ctx.actor.id;
    const draft = draftFromForm({ ...payload, ...form }, requesterId, localDate(ctx.now));
    if ('kind' in draft) return { toast: { kind: 'info', text: WITHIN_CITY_MESSAGE } };
    const outcome = await fileLeave(ctx, draft);
    if (outcome === 'late') return { toast: { kind: 'warning', text: '未按规定提前报告，请假未提交，详见回复。' } };
    return {
      toast: { kind: 'success', text: '请假申请已提交。' },
      card: { title: '请假申请已提交', colour: 'green', blocks: [{ type: 'markdown', text: md`审批进度见随后发送的请假卡片，卡片会随审批自动更新。` }] },
    };
  },
};

/** The late-filing card's button: opens the same-day written report form (Art. 68 emergency path). */
const emergencyAction: CardAction = {
  action: 'leave.emergency',
  async run(ctx, payload) {
    const complete = isLocalDate(payload.start ?? '') && isLocalDate(payload.end ?? '') && payload.destination && payload.reason && payload.for;
    if (!complete) throw new UserError('这个按钮已失效，请重新发送 /请假。');
    mayFileFor(ctx.dir, ctx.actor, payload.for!);
    return { toast: { kind: 'info', text: '请填写书面报告。' }, card: emergencyFormCard(ctx.dir, payload) };
  },
};

export const leaveFilingActions: CardAction[] = [submitAction, emergencyAction];
