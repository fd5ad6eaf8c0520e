import { Hono } from 'hono';
import { z } from 'zod';
import { and, eq, gte, inArray, lt, or, asc } from 'drizzle-orm';
import { deliveredMessages, outbox, sandboxMessages } from '../../../db/schema';
import { handleAction, handleMessage } from '../../bot/dispatch';
import { loadDirectory, type Directory } from '../../core/org/directory';
import { drainOutbox } from '../../outbox/drain';
import type { AppEnv } from '../../app-env';
import { actionOf } from '../click-value';
import { readBody } from './request-body';
import { bodyLimit } from 'hono/body-limit';
import { attachUpload } from '../../attachments/upload';

const messageBody = z.object({
  as: z.string().min(1, '缺少 as（以谁的身份发送，人员 id）'),
  chat: z.string().min(1).default('p2p'),
  text: z.string().min(1, '消息内容不能为空').max(4000, '消息过长（最多 4000 字）'),
});
const actionBody = z.object({
  as: z.string().min(1, '缺少 as（以谁的身份点击，人员 id）'),
  messageId: z.string().min(1, '缺少 messageId（点击的是哪张卡片）'),
  value: z.record(z.string(), z.unknown()).refine((v) => typeof v.action === 'string', 'value.action 缺失：按钮的 value 里必须带 action'),
  form: z.record(z.string(), z.string({ error: '表单字段的值须为文本（多选用逗号分隔）' })).default({}),
});
const clockBody = z.object({ now: z.iso.datetime({ offset: true, error: 'now 须为带时区的 ISO 时间，例如 2026-09-30T09:00:00+08:00' }) });

type SandboxRow = typeof sandboxMessages.$inferSelect;
const present = (row: SandboxRow) => ({
  messageId: row.id,
  to: { type: row.recipientType, id: row.recipientId },
  message: row.payload,
  urgent: row.urgent,
  sentAt: row.sentAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

function personOr404(dir: Directory, id: string) {
  return dir.person(id);
}

/**
 * The sandbox platform's JSON API: a stable surface for the sandbox page, tests and scripts
 * (documented in docs/sandbox.md). Anyone can act as anyone, so it is mounted only when allowed by config.
 */
export function sandboxApi() {
  const api = new Hono<AppEnv>();

  api.get('/people', async (c) => {
    const dir = await loadDirectory(c.get('deps').db);
    return c.json({
      people: dir.people.map((p) => ({
        id: p.id,
        name: p.name,
        unit: { id: p.unitId, name: dir.unit(p.unitId)?.name ?? p.unitId },
        post: p.post,
        roles: p.roles,
      })),
      units: dir.units.map((u) => ({ id: u.id, name: u.name, kind: u.kind })),
    });
  });

  api.post('/messages', async (c) => {
    const deps = c.get('deps');
    const body = await readBody(messageBody, c.req);
    if (!body.ok) return c.json({ error: body.error }, 400);
    const dir = await loadDirectory(deps.db);
    const actor = personOr404(dir, body.data.as);
    if (!actor) return c.json({ error: `通讯录中没有人员「${body.data.as}」，请用 GET /sandbox/api/people 查看` }, 404);
    const chat = body.data.chat === 'p2p' ? { type: 'p2p' as const } : dir.unit(body.data.chat);
    if (!chat) return c.json({ error: `chat 须为 "p2p" 或单位 id，没有单位「${body.data.chat}」` }, 400);
    const dedupeKey = `m_${crypto.randomUUID()}`;
    await handleMessage(deps, dir, {
      platform: 'sandbox',
      dedupeKey,
      actor,
      chat: 'type' in chat ? chat : { type: 'group', unitId: chat.id, platformChatId: chat.id },
      text: body.data.text,
      platformMessageId: dedupeKey,
    });
    await drainOutbox(deps);
    return c.json({ replies: await repliesTo(deps, `sandbox:${dedupeKey}`) });
  });

  api.post('/actions', async (c) => {
    const deps = c.get('deps');
    const body = await readBody(actionBody, c.req);
    if (!body.ok) return c.json({ error: body.error }, 400);
    const dir = await loadDirectory(deps.db);
    const actor = personOr404(dir, body.data.as);
    if (!actor) return c.json({ error: `通讯录中没有人员「${body.data.as}」` }, 404);
    const [clicked] = await deps.db.select().from(sandboxMessages).where(eq(sandboxMessages.id, body.data.messageId));
    if (!clicked) return c.json({ error: `没有消息「${body.data.messageId}」` }, 404);
    const { action, payload } = actionOf(body.data.value);
    const dedupeKey = `a_${crypto.randomUUID()}`;
    const { response } = await handleAction(deps, dir, {
      platform: 'sandbox',
      dedupeKey,
      actor,
      platformMessageId: clicked.id,
      action,
      payload,
      form: body.data.form,
    });
    // Like Feishu's callback response, the returned card replaces the clicked card at once.
    if (response.card) await deps.senders.sandbox?.update(clicked.id, response.card);
    await drainOutbox(deps);
    return c.json({ toast: response.toast, card: response.card ?? null, replies: await repliesTo(deps, `sandbox:${dedupeKey}`) });
  });

  /**
   * 佐证材料 upload (multipart/form-data): `as`, `file`, optional `chat` and `replyTo` (the sandbox
   * message id of the card it answers). Same rules as a file sent over Feishu or DingTalk; the bot's
   * answer (confirmation or Chinese refusal) comes back as `replies`.
   */
  api.post(
    '/attachments',
    bodyLimit({
      // ATTACHMENT_MAX_MB's largest value plus the multipart envelope; the configured limit is checked after.
      maxSize: 101 * 1024 * 1024,
      onError: (c) => c.json({ error: '上传的文件过大。' }, 413),
    }),
    async (c) => {
      const deps = c.get('deps');
      let form: Record<string, string | File>;
      try {
        form = await c.req.parseBody();
      } catch {
        return c.json({ error: '请以 multipart/form-data 上传：as、file，可选 chat、replyTo' }, 400);
      }
      const as = typeof form.as === 'string' ? form.as : '';
      const file = form.file;
      if (!as) return c.json({ error: '缺少 as（以谁的身份上传，人员 id）' }, 400);
      if (!(file instanceof File)) return c.json({ error: '缺少 file（要上传的文件）' }, 400);
      const dir = await loadDirectory(deps.db);
      const actor = personOr404(dir, as);
      if (!actor) return c.json({ error: `通讯录中没有人员「${as}」` }, 404);
      const chatId = typeof form.chat === 'string' && form.chat ? form.chat : 'p2p';
      const unit = chatId === 'p2p' ? undefined : dir.unit(chatId);
      if (chatId !== 'p2p' && !unit) return c.json({ error: `chat 须为 "p2p" 或单位 id，没有单位「${chatId}」` }, 400);
      const dedupeKey = `u_${crypto.randomUUID()}`;
      await attachUpload(deps, dir, {
        platform: 'sandbox',
        dedupeKey,
        actor,
        chat: unit ? { type: 'group', unitId: unit.id, platformChatId: unit.id } : { type: 'p2p' },
        parentMessageId: typeof form.replyTo === 'string' && form.replyTo ? form.replyTo : undefined,
        name: file.name.slice(0, 200) || '未命名文件',
        bytes: new Uint8Array(await file.arrayBuffer()),
      });
      await drainOutbox(deps);
      return c.json({ replies: await repliesTo(deps, `sandbox:${dedupeKey}`) });
    },
  );

  api.get('/inbox', async (c) => {
    const deps = c.get('deps');
    const as = c.req.query('as');
    if (!as) return c.json({ error: '缺少参数 as（人员 id）' }, 400);
    const dir = await loadDirectory(deps.db);
    const person = personOr404(dir, as);
    if (!person) return c.json({ error: `通讯录中没有人员「${as}」` }, 404);
    const rows = await deps.db
      .select()
      .from(sandboxMessages)
      .where(
        or(
          and(eq(sandboxMessages.recipientType, 'person'), eq(sandboxMessages.recipientId, person.id)),
          and(eq(sandboxMessages.recipientType, 'unit_chat'), eq(sandboxMessages.recipientId, person.unitId)),
        ),
      )
      .orderBy(asc(sandboxMessages.sentAt), asc(sandboxMessages.id));
    return c.json({ messages: rows.map(present) });
  });

  api.post('/clock', async (c) => {
    const deps = c.get('deps');
    const body = await readBody(clockBody, c.req);
    if (!body.ok) return c.json({ error: body.error }, 400);
    if (!deps.clock.set) return c.json({ error: '当前时钟不可调整' }, 409);
    deps.clock.set(new Date(body.data.now));
    return c.json({ now: deps.clock.now().toISOString() });
  });

  api.get('/clock', (c) => c.json({ now: c.get('deps').clock.now().toISOString() }));

  api.post('/jobs/run', async (c) => {
    const deps = c.get('deps');
    const jobs = await deps.runDueJobs(deps.clock.now());
    const delivery = await drainOutbox(deps);
    return c.json({ jobs, delivery });
  });

  return api;
}

/** The messages delivered as replies to one inbound event, in order. */
async function repliesTo(deps: AppEnv['Variables']['deps'], keyPrefix: string) {
  // A key range, not LIKE: D1 rejects LIKE patterns over 50 bytes, and a uuid key is longer.
  const replyKeys = and(eq(outbox.platform, 'sandbox'), gte(outbox.dedupeKey, `${keyPrefix}:reply:`), lt(outbox.dedupeKey, `${keyPrefix}:reply;`));
  // A concurrent request's drain may hold the lease on our replies: it is delivering them in this
  // process right now, so wait for it (bounded) instead of answering with an empty list.
  for (let i = 0; i < 100; i++) {
    const [inFlight] = await deps.db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(replyKeys, eq(outbox.status, 'pending')))
      .limit(1);
    if (!inFlight) break;
    await drainOutbox(deps);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const rows = await deps.db
    .select({ messageId: deliveredMessages.platformMessageId })
    .from(outbox)
    .innerJoin(deliveredMessages, eq(deliveredMessages.outboxId, outbox.id))
    .where(replyKeys)
    .orderBy(asc(outbox.id));
  if (rows.length === 0) return [];
  const messages = await deps.db
    .select()
    .from(sandboxMessages)
    .where(
      inArray(
        sandboxMessages.id,
        rows.map((r) => r.messageId),
      ),
    );
  const byId = new Map(messages.map((m) => [m.id, m]));
  return rows
    .map((r) => byId.get(r.messageId))
    .filter((m): m is SandboxRow => Boolean(m))
    .map(present);
}
