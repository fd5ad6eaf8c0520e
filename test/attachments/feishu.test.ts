import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { attachmentDownloads, attachments } from '../../db/schema';
import { runAttachmentDownloads } from '../../src/attachments/downloads';
import { drainOutbox } from '../../src/outbox/drain';
import { startFakeFeishu, type FakeFeishu } from '../fakes/feishu-api';
import { deliver, feishuEnv, messageEvent } from '../feishu/helpers';
import { makeHarness, type Harness } from '../helpers/harness';
import { timeline } from '../supervision/helpers';
import { HTML, PDF, PNG, pdfOfSize } from './samples';

let fake: FakeFeishu;
let h: Harness;

afterEach(async () => {
  await h?.settle();
  h?.close();
  await fake?.close();
});

async function start(env: Record<string, string> = {}) {
  fake = await startFakeFeishu();
  h = await makeHarness({ now: '2026-09-30T09:00:00+08:00', env: { ...feishuEnv(fake), ...env } });
}

let seq = 0;
async function send(openId: string, o: { text?: string; image?: Uint8Array; file?: { name: string; bytes: Uint8Array }; parentId?: string }) {
  const messageId = `om_att_${++seq}`;
  let event: ReturnType<typeof messageEvent>;
  if (o.image) {
    fake.addResource(messageId, `img_v3_${seq}`, 'image', o.image);
    event = messageEvent({ openId, messageId, messageType: 'image', content: JSON.stringify({ image_key: `img_v3_${seq}` }) });
  } else if (o.file) {
    fake.addResource(messageId, `file_v3_${seq}`, 'file', o.file.bytes);
    event = messageEvent({ openId, messageId, messageType: 'file', content: JSON.stringify({ file_key: `file_v3_${seq}`, file_name: o.file.name }) });
  } else {
    event = messageEvent({ openId, messageId, text: o.text });
  }
  if (o.parentId) event.event.message.parent_id = o.parentId;
  const res = await deliver(h, event);
  expect(res.status).toBe(200);
  await h.settle();
  return { messageId, replies: fake.messages.filter((m) => m.replyTo === messageId).map((m) => m.content.text ?? JSON.stringify(m.content)) };
}

/** An issued item for 住建局 with 张丽's progress report, signed off by 邓鹏. */
async function reported(): Promise<string> {
  const draft = await send('ou_demo_linxiaomei', { text: '/督办 新建 来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 协办=兴隆镇 收文日期=2026-09-30' });
  expect(draft.replies).toHaveLength(1);
  await send('ou_demo_linxiaomei', { text: '/督办 交办 DB-2026-0001 领导=赵明' });
  h.clock.set('2026-09-30T10:00:00+08:00');
  const report = await send('ou_demo_zhangli', { text: '/进展 DB-2026-0001 已完成排查，正在整改' });
  expect(report.replies.join()).toContain('办理进展报告（第1轮）');
  return 'DB-2026-0001';
}

const rows = async () => h.db.select().from(attachments);

describe('佐证材料 over Feishu: pictures and files sent to the bot', () => {
  it('a picture within 10 minutes of the report is downloaded, stored by sha256 and attached; the bot names item and report', async () => {
    await start();
    const id = await reported();
    h.clock.set('2026-09-30T10:05:00+08:00');
    const sent = await send('ou_demo_zhangli', { image: PNG });
    expect(sent.replies).toEqual(['已将「图片.png」作为佐证材料附在 DB-2026-0001「冬季供暖投诉处理」的办理进展报告（第1轮）上。']);
    const [row] = await rows();
    expect(row).toMatchObject({ itemId: id, targetKind: 'report', name: '图片.png', mime: 'image/png', size: PNG.byteLength, uploaderId: 'zhangli' });
    expect(await h.deps.files.get(row!.sha256)).toEqual(PNG);
    expect(fake.calls('resource')[0]!.query).toEqual({ type: 'image' });
    expect(await timeline(h, id)).toContain('张丽为办理进展报告（第1轮）添加佐证材料「图片.png」');
  });

  it('a file replying to the item notice, later than 10 minutes, goes to the unit’s latest report', async () => {
    await start();
    await reported();
    const notice = fake.messages.find((m) => m.receiveId === 'ou_demo_zhangli' && JSON.stringify(m.content).includes('督查通知'));
    expect(notice).toBeDefined();
    h.clock.set('2026-09-30T15:00:00+08:00');
    const sent = await send('ou_demo_zhangli', { file: { name: '整改方案.pdf', bytes: PDF }, parentId: notice!.messageId });
    expect(sent.replies[0]).toBe('已将「整改方案.pdf」作为佐证材料附在 DB-2026-0001「冬季供暖投诉处理」的办理进展报告（第1轮）上。');
    expect(fake.calls('resource')[0]!.query).toEqual({ type: 'file' });
    expect((await rows())[0]).toMatchObject({ name: '整改方案.pdf', mime: 'application/pdf' });
  });

  it('without a card replied to or a recent report, the bot explains how; nothing is downloaded', async () => {
    await start();
    await reported();
    h.clock.set('2026-09-30T11:00:00+08:00');
    const sent = await send('ou_demo_zhangli', { image: PNG });
    expect(sent.replies).toEqual([
      '要添加佐证材料，请在事项或报告卡片上「回复」发送图片或文件，或在报送后 10 分钟内直接发送。其他操作请发送 /帮助 查看全部命令。',
    ]);
    expect(fake.calls('resource')).toHaveLength(0);
    expect(await h.db.select().from(attachmentDownloads)).toEqual([]);
  });

  it('refuses a file type that is not allowed at once, and one whose bytes are not what its name says after download: Chinese reply, nothing attached', async () => {
    await start();
    await reported();
    const exe = await send('ou_demo_zhangli', { file: { name: '工具.exe', bytes: PDF } });
    expect(exe.replies).toEqual(['不能添加「工具.exe」：佐证材料只收图片（JPG、PNG、GIF、WEBP、BMP）、PDF 和 Office 文档（Word、Excel、PowerPoint、WPS）。']);
    expect(fake.calls('resource')).toHaveLength(0);
    const fake_pdf = await send('ou_demo_zhangli', { file: { name: '报告.pdf', bytes: HTML } });
    expect(fake_pdf.replies).toEqual(['不能添加「报告.pdf」：文件内容与扩展名不符，请发送原始的图片、PDF 或 Office 文档。']);
    expect(await rows()).toEqual([]);
    expect((await h.db.select().from(attachmentDownloads))[0]).toMatchObject({ status: 'refused' });
  });

  it('refuses a file over ATTACHMENT_MAX_MB with the limit in the reply', async () => {
    await start({ ATTACHMENT_MAX_MB: '1' });
    await reported();
    const sent = await send('ou_demo_zhangli', { file: { name: '全部照片.pdf', bytes: pdfOfSize(1_600_000) } });
    expect(sent.replies).toEqual(['不能添加「全部照片.pdf」：文件 1.5 MB，超过 1 MB 的上限，请压缩或拆分后再发送。']);
    expect(await rows()).toEqual([]);
  });

  it('retries a failed download with backoff and attaches once it succeeds (no loss, one confirmation)', async () => {
    await start();
    await reported();
    fake.fail('resource', { kind: 'server_error', status: 502 }, 2);
    const sent = await send('ou_demo_zhangli', { image: PNG });
    expect(sent.replies).toEqual([]);
    const [pending] = await h.db.select().from(attachmentDownloads);
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('502') });
    // Not yet due: nothing runs.
    expect(await runAttachmentDownloads(h.deps)).toEqual({ attached: 0, refused: 0, retried: 0, failed: 0 });
    h.clock.set('2026-09-30T10:01:00+08:00');
    expect(await runAttachmentDownloads(h.deps)).toMatchObject({ retried: 1 });
    h.clock.set('2026-09-30T10:04:00+08:00');
    expect(await runAttachmentDownloads(h.deps)).toMatchObject({ attached: 1 });
    // The confirmation goes out with the next drain.
    await drainOutbox(h.deps);
    expect(fake.messages.filter((m) => m.replyTo === sent.messageId).map((m) => m.content.text)).toEqual([
      '已将「图片.png」作为佐证材料附在 DB-2026-0001「冬季供暖投诉处理」的办理进展报告（第1轮）上。',
    ]);
    expect(await h.db.select().from(attachmentDownloads).where(eq(attachmentDownloads.status, 'done'))).toHaveLength(1);
    expect(await rows()).toHaveLength(1);
  });

  it('a file name with markup stays inert text in the confirmation (no @all)', async () => {
    await start();
    await reported();
    const sent = await send('ou_demo_zhangli', { file: { name: '<at id="all"></at>[详情](https://evil.example).pdf', bytes: PDF } });
    expect(sent.replies).toHaveLength(1);
    expect(sent.replies[0]).toContain('作为佐证材料附在 DB-2026-0001');
    // The text renderer breaks the <at> tag; a text message renders no markdown, so the link stays text.
    expect(sent.replies[0]).not.toContain('<at ');
  });

  it('a download whose runner died mid-way is taken over after its lease; a second runner never attaches twice', async () => {
    await start();
    await reported();
    const messageId = 'om_att_crash';
    fake.addResource(messageId, 'img_crash', 'image', PNG);
    // The inbound is committed (dedupe key + download row) but the runner dies before it downloads:
    // the row is claimed (attempt 1, leased for 5 minutes) and nothing else happened.
    const event = messageEvent({ openId: 'ou_demo_zhangli', messageId, messageType: 'image', content: JSON.stringify({ image_key: 'img_crash' }) });
    const pending = h.deps.defer;
    h.deps.defer = () => undefined; // the process "dies" before running what it deferred
    expect((await deliver(h, event)).status).toBe(200);
    h.deps.defer = pending;
    await h.db.update(attachmentDownloads).set({ attempts: 1, nextAttemptAt: new Date(h.clock.now().getTime() + 5 * 60_000) });
    expect(await runAttachmentDownloads(h.deps)).toMatchObject({ attached: 0 });
    h.clock.set('2026-09-30T10:06:00+08:00');
    const [first, second] = await Promise.all([runAttachmentDownloads(h.deps), runAttachmentDownloads(h.deps)]);
    expect(first.attached + second.attached).toBe(1);
    expect(await rows()).toHaveLength(1);
  });
});
