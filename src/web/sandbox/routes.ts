/**
 * The sandbox page and the small endpoints only the page uses (`/sandbox/ui/*`): the chat feed as
 * HTML fragments, clock jumps and running the daily jobs. The JSON API (`/sandbox/api/*`) stays
 * the stable contract; these answer in the page's terms.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env';
import type { Person } from '../../core/org/types';
import type { Directory } from '../../core/org/directory';
import { allJobs } from '../../jobs';
import { drainOutbox } from '../../outbox/drain';
import { sandboxPage } from '../../platforms/sandbox/page';
import { readBody } from '../../platforms/sandbox/request-body';
import { mayUseOffice } from '../office/access';
import { clockLabel, jumpTarget, type ClockJump } from './clock';
import { countFeed, loadFeed, messageHtml } from './feed';

/** Job names in the toast after 运行每日任务: each job's own Chinese title. */
const JOB_ZH = new Map(allJobs.map((job) => [job.name, job.title]));

const clockBody = z.object({
  jump: z.enum(['day', 'workday', 'at'], { error: 'jump 须为 day（+1 天）、workday（下一工作日）或 at（指定时间）' }),
  at: z.string().optional(),
});

/** The chat a person may open: 1:1, or their own unit's group. */
function chatOf(dir: Directory, person: Person, chat: string | undefined): string | undefined {
  if (!chat || chat === 'p2p') return 'p2p';
  return chat === person.unitId && dir.unit(chat) ? chat : undefined;
}

export function sandboxPageRoutes() {
  const routes = new Hono<AppEnv>();

  routes.get('/', async (c) => {
    const deps = c.get('deps');
    if (!deps.config.sandbox) return c.json({ error: '沙盒未启用' }, 404);
    const dir = await deps.loadDirectory();
    const as = c.req.query('as');
    const me = as ? dir.person(as) : undefined;
    const chat = me ? chatOf(dir, me, c.req.query('chat')) : 'p2p';
    if ((as && !me) || !chat) return c.redirect(me ? `/sandbox?as=${encodeURIComponent(me.id)}` : '/sandbox');
    const messages = me ? await loadFeed(deps.db, me, chat) : [];
    return c.html(
      sandboxPage({
        dir,
        me,
        chat,
        messagesHtml: messages.map(messageHtml).join(''),
        clockLabel: clockLabel(deps.clock.now(), await deps.loadCalendar(deps.db)),
        dailyPushAt: deps.config.dailyPushAt,
        officeAllowed: me ? mayUseOffice(me) : false,
      }),
    );
  });

  routes.get('/ui/feed', async (c) => {
    const deps = c.get('deps');
    const dir = await deps.loadDirectory();
    const me = dir.person(c.req.query('as') ?? '');
    if (!me) return c.json({ error: `通讯录中没有人员「${c.req.query('as') ?? ''}」，请重新选择身份` }, 404);
    const chat = chatOf(dir, me, c.req.query('chat'));
    if (!chat) return c.json({ error: `${me.name} 只能查看与督办助手的单聊和本单位群` }, 400);
    const other = chat === 'p2p' ? me.unitId : 'p2p';
    const [messages, otherCount] = await Promise.all([loadFeed(deps.db, me, chat), countFeed(deps.db, me, other)]);
    return c.json({
      now: deps.clock.now().toISOString(),
      clock: clockLabel(deps.clock.now(), await deps.loadCalendar(deps.db)),
      messages: messages.map((m) => ({ id: m.id, seq: m.seq, html: messageHtml(m) })),
      other: { chat: other, count: otherCount },
    });
  });

  routes.post('/ui/clock', async (c) => {
    const deps = c.get('deps');
    const body = await readBody(clockBody, c.req);
    if (!body.ok) return c.json({ error: body.error }, 400);
    if (!deps.clock.set) return c.json({ error: '当前时钟不可调整（Workers 上的沙盒时钟固定为真实时间）' }, 409);
    const calendar = await deps.loadCalendar(deps.db);
    const jump: ClockJump = body.data.jump === 'at' ? { kind: 'at', local: body.data.at ?? '' } : { kind: body.data.jump };
    const target = jumpTarget(deps.clock.now(), jump, calendar, deps.config.dailyPushAt);
    if (!target) return c.json({ error: '时间格式应为 YYYY-MM-DDTHH:mm（北京时间），例如 2026-12-01T09:00' }, 400);
    deps.clock.set(target);
    return c.json({ now: deps.clock.now().toISOString(), label: clockLabel(deps.clock.now(), calendar) });
  });

  routes.post('/ui/jobs', async (c) => {
    const deps = c.get('deps');
    const now = deps.clock.now();
    const jobs = await deps.runDueJobs(now);
    const delivery = await drainOutbox(deps);
    const label = clockLabel(now, await deps.loadCalendar(deps.db));
    const summary = jobs.length
      ? `已运行：${jobs.map((j) => JOB_ZH.get(j.job) ?? j.job).join('、')}；${delivery.sent ? `送达 ${delivery.sent} 条消息` : '没有需要推送的消息'}${delivery.failed ? `，${delivery.failed} 条投递失败` : ''}。`
      : `${label}：没有到点的定时任务。每日任务在工作日 ${deps.config.dailyPushAt} 后运行，每天一次（今天已运行过的不再重复）。`;
    return c.json({ ran: jobs.length, summary, jobs, delivery });
  });

  return routes;
}
