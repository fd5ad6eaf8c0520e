import { asc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { outbox, people } from '../../db/schema';
import { drainOutbox } from '../../src/outbox/drain';
import { PermanentDeliveryError } from '../../src/outbox/sender';
import type { DingtalkApi } from '../../src/platforms/dingtalk/api';
import { sendFileMessage } from '../../src/platforms/dingtalk/file-send';
import { feishuContent } from '../../src/platforms/feishu/delivery';
import { startFakeFeishu, type FakeFeishu } from '../fakes/feishu-api';
import { PATHS, THROTTLED } from '../fakes/dingtalk-api';
import { makeDingtalkHarness, postRobot, textCallback, type DingtalkKit } from '../dingtalk/support';
import { deliver, feishuEnv, messageEvent } from '../feishu/helpers';
import { makeHarness, type Harness } from '../helpers/harness';
import { sandboxUser } from '../helpers/sandbox';

/** Issue 15 point 32: `/台账 导出` sends the ledger files themselves; the one-time links stay as the fallback. */

const XLSX = '督查台账-2026-11-26.xlsx';
const CSV = '督查台账-2026-11-26.csv';
const isXlsx = (bytes: Buffer) => bytes.subarray(0, 2).toString('latin1') === 'PK';
const isCsv = (bytes: Buffer) => [...bytes.subarray(0, 3)].join(',') === '239,187,191' && bytes.toString('utf8').includes('编号');

let h: Harness | undefined;
let feishu: FakeFeishu | undefined;
let dingtalk: DingtalkKit | undefined;
afterEach(async () => {
  await h?.settle();
  h?.close();
  await feishu?.close();
  await dingtalk?.close();
  h = feishu = dingtalk = undefined;
});

const rows = (db: Harness['db']) => db.select().from(outbox).orderBy(asc(outbox.id));
const later = (harness: Harness, ms: number) => harness.clock.set(new Date(harness.clock.now().getTime() + ms));

describe('ledger export as files in the sandbox', () => {
  it('answers with the fallback links, then the Excel and the CSV as file messages whose link downloads', async () => {
    h = await makeHarness();
    const replies = await sandboxUser(h, 'linxiaomei').say('/台账 导出 单位=住建局');
    expect(replies.map((r) => r.message.kind)).toEqual(['text', 'file', 'file']);
    const note = replies[0]!.message.text as string;
    expect(note).toContain('督查台账导出（单位=住建局）：Excel 和 CSV 文件随后发到这里。');
    expect(note).toContain('如未收到文件，可用下面的链接下载');
    const [xlsx, csv] = [replies[1]!.message, replies[2]!.message];
    expect(xlsx.file).toEqual({ type: 'ledger', format: 'xlsx', filters: { unitId: 'zjj' }, requestedBy: 'linxiaomei' });
    expect(csv.file.format).toBe('csv');
    expect(note).toContain(`Excel：${xlsx.link}`);
    expect(note).toContain(`CSV：${csv.link}`);

    const feed = (await (await h.app.request('/sandbox/ui/feed?as=linxiaomei&chat=p2p')).json()) as { messages: Array<{ html: string }> };
    const bubble = feed.messages[1]!.html;
    expect(bubble).toContain('class="bubble file"');
    expect(bubble).toContain('督查台账.xlsx');
    expect(bubble).toContain(`href="${xlsx.link}"`);

    const downloaded = await h.app.request(xlsx.link, { method: 'POST' });
    expect(downloaded.status).toBe(200);
    expect(isXlsx(Buffer.from(await downloaded.arrayBuffer()))).toBe(true);
  });

  it('refuses anyone outside the office: no link, no file, nothing queued', async () => {
    h = await makeHarness();
    const before = await rows(h.db);
    const replies = await sandboxUser(h, 'majun').say('/台账 导出');
    expect(replies.map((r) => r.message)).toEqual([{ kind: 'text', text: '台账导出仅限区政府办督查人员。' }]);
    expect((await rows(h.db)).filter((r) => (r.payload as { kind: string }).kind === 'file')).toEqual([]);
    expect((await rows(h.db)).length).toBe(before.length + 1);
  });
});

describe('ledger export as files on Feishu', () => {
  async function exportOnFeishu() {
    feishu = await startFakeFeishu();
    const env = { ...feishuEnv(feishu), SANDBOX: '0' };
    h = await makeHarness({ env });
    return { feishu, h };
  }
  const ask = async (harness: Harness, openId = 'ou_demo_linxiaomei') => {
    expect((await deliver(harness, messageEvent({ openId, text: '/台账 导出', messageId: 'om_export' }))).status).toBe(200);
    await harness.settle();
  };

  it('uploads each file with im/v1/files and replies with a file message naming its file_key', async () => {
    const { feishu: fake, h: harness } = await exportOnFeishu();
    await ask(harness);
    expect(fake.uploads.map((u) => [u.fileType, u.fileName])).toEqual([
      ['xls', XLSX],
      ['stream', CSV],
    ]);
    expect(isXlsx(fake.uploads[0]!.bytes)).toBe(true);
    expect(isCsv(fake.uploads[1]!.bytes)).toBe(true);
    const replies = fake.messages.filter((m) => m.replyTo === 'om_export');
    expect(replies.map((m) => m.msgType)).toEqual(['text', 'file', 'file']);
    expect(replies.slice(1).map((m) => m.content)).toEqual(fake.uploads.map((u) => ({ file_key: u.fileKey })));
    expect(replies[0]!.content.text).toContain('如未收到文件，可用下面的链接下载');
  });

  it('a failed upload is retried with its row, and the person gets the file once', async () => {
    const { feishu: fake, h: harness } = await exportOnFeishu();
    fake.fail('upload', { kind: 'server_error', status: 503 });
    await ask(harness);
    const files = async () => (await rows(harness.db)).filter((r) => (r.payload as { kind: string }).kind === 'file');
    expect((await files()).map((r) => r.status)).toEqual(['pending', 'sent']);
    expect((await files())[0]!.lastError).toContain('503');
    later(harness, 60 * 60_000);
    await drainOutbox(harness.deps);
    expect((await files()).map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(fake.messages.filter((m) => m.msgType === 'file')).toHaveLength(2);
  });

  it('refuses a unit head: nothing uploaded, nothing sent but the refusal', async () => {
    const { feishu: fake, h: harness } = await exportOnFeishu();
    await ask(harness, 'ou_demo_majun');
    expect(fake.calls('upload')).toEqual([]);
    expect(fake.messages.map((m) => m.content.text)).toEqual(['台账导出仅限区政府办督查人员。']);
  });

  it('is not sent once the person who asked has left the office before it goes out', async () => {
    const { feishu: fake, h: harness } = await exportOnFeishu();
    fake.fail('upload', { kind: 'server_error' });
    await ask(harness);
    await harness.db.update(people).set({ roles: [] }).where(eq(people.id, 'linxiaomei'));
    later(harness, 60 * 60_000);
    await drainOutbox(harness.deps);
    const [xlsx] = (await rows(harness.db)).filter((r) => (r.payload as { kind: string }).kind === 'file');
    expect(xlsx).toMatchObject({ status: 'failed' });
    expect(xlsx!.lastError).toContain('已不是区政府办督查人员');
    expect(fake.uploads.map((u) => u.fileName)).toEqual([CSV]);
  });
});

describe('ledger export as files on DingTalk', () => {
  const ask = async (kit: DingtalkKit) => {
    expect((await postRobot(kit.h, textCallback({ from: 'dt_linxiaomei', text: '/台账 导出' }))).status).toBe(200);
    await kit.h.settle();
  };

  it('uploads each file with oapi media/upload and sends it alone as the robot’s sampleFile', async () => {
    dingtalk = await makeDingtalkHarness();
    await ask(dingtalk);
    const uploads = dingtalk.fake.calls(PATHS.mediaUpload);
    expect(uploads.map((u) => u.query.type)).toEqual(['file', 'file']);
    expect(uploads.every((u) => u.query.access_token?.startsWith('fake-token-'))).toBe(true);
    expect(dingtalk.fake.media.map((m) => m.filename)).toEqual([XLSX, CSV]);
    expect(isXlsx(dingtalk.fake.media[0]!.bytes)).toBe(true);
    expect(isCsv(dingtalk.fake.media[1]!.bytes)).toBe(true);
    const delivered = dingtalk.fake.deliveriesTo('dt_linxiaomei');
    expect(delivered.map((d) => d.msgKey)).toEqual(['sampleText', 'sampleFile', 'sampleFile']);
    expect(delivered[0]!.msgParam.content).toContain('如未收到文件，可用下面的链接下载');
    expect(delivered.slice(1).map((d) => [d.to, d.msgParam])).toEqual([
      [['dt_linxiaomei'], { mediaId: dingtalk.fake.media[0]!.mediaId, fileName: XLSX, fileType: 'xlsx' }],
      [['dt_linxiaomei'], { mediaId: dingtalk.fake.media[1]!.mediaId, fileName: CSV, fileType: 'csv' }],
    ]);
  });

  it('a throttled upload is retried with its row', async () => {
    dingtalk = await makeDingtalkHarness();
    dingtalk.fake.failNext(PATHS.mediaUpload, THROTTLED);
    await ask(dingtalk);
    const files = async () => (await rows(dingtalk!.h.db)).filter((r) => (r.payload as { kind: string }).kind === 'file');
    // The drain holds DingTalk back after a throttled call, so the CSV waits too.
    expect((await files()).map((r) => [r.status, r.lastError])).toEqual([
      ['pending', expect.stringContaining('钉钉接口限流')],
      ['pending', null],
    ]);
    later(dingtalk.h, 60 * 60_000);
    await drainOutbox(dingtalk.h.deps);
    expect((await files()).map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(dingtalk.fake.deliveriesTo('dt_linxiaomei').filter((d) => d.msgKey === 'sampleFile')).toHaveLength(2);
  });
});

describe('a file over the platform’s upload limit', () => {
  const spec = { type: 'ledger' as const, format: 'xlsx' as const, filters: {}, requestedBy: 'linxiaomei' };
  const huge = (mb: number) => async () => ({ filename: XLSX, contentType: 'application/octet-stream', body: new Uint8Array(mb * 1024 * 1024 + 1) });
  const refuseUpload = async () => {
    throw new Error('must not upload');
  };

  it('is not uploaded to Feishu (30 MB): a permanent failure naming the limit', async () => {
    const failure = feishuContent({ kind: 'file', file: spec, link: '/exports/ledger.xlsx?token=x' }, huge(30), refuseUpload);
    await expect(failure).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(failure).rejects.toThrow('超过飞书文件上限 30 MB');
  });

  it('is not uploaded to DingTalk (20 MB): a permanent failure naming the limit', async () => {
    const api = { uploadFile: refuseUpload } as unknown as DingtalkApi;
    const failure = sendFileMessage(
      { api, robotCode: 'r', files: huge(20) },
      { kind: 'file', file: spec, link: '/x' },
      { kind: 'user', userId: 'dt_linxiaomei' },
    );
    await expect(failure).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(failure).rejects.toThrow('超过钉钉文件上限 20 MB');
  });
});
