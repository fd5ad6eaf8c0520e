import { afterEach, describe, expect, it } from 'vitest';
import { attachmentDownloads, attachments } from '../../db/schema';
import { runAttachmentDownloads } from '../../src/attachments/downloads';
import { drainOutbox } from '../../src/outbox/drain';
import { PATHS } from '../fakes/dingtalk-api';
import { makeDingtalkHarness, postRobot, textCallback, type DingtalkKit } from '../dingtalk/support';
import { HTML, PNG } from './samples';

let kit: DingtalkKit;
afterEach(async () => kit?.close());

let seq = 0;
/** A picture or file message as DingTalk posts it (receive-message: `content.downloadCode`, files with `fileName`). */
async function sendFile(from: string, msgtype: 'picture' | 'file', bytes: Uint8Array, fileName?: string) {
  const downloadCode = `code-${++seq}`;
  kit.fake.addMessageFile(downloadCode, bytes);
  const { text: _text, ...base } = textCallback({ from, text: '' });
  const body = { ...base, msgtype, content: { downloadCode, ...(fileName ? { fileName } : {}) } };
  const res = await postRobot(kit.h, body);
  expect(res.status).toBe(200);
  await kit.h.settle();
}

async function say(from: string, text: string) {
  const res = await postRobot(kit.h, textCallback({ from, text }));
  expect(res.status).toBe(200);
  await kit.h.settle();
}

/** The texts the robot sent 张丽 (1:1 batchSend). */
const toZhangli = () =>
  kit.fake
    .deliveriesTo('dt_zhangli')
    .filter((d) => d.msgKey === 'sampleText')
    .map((d) => d.msgParam.content as string);

async function reported() {
  kit = await makeDingtalkHarness({ now: '2026-09-30T09:00:00+08:00' });
  await say('dt_linxiaomei', '/督办 新建 来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 收文日期=2026-09-30');
  await say('dt_linxiaomei', '/督办 交办 DB-2026-0001 领导=赵明');
  kit.h.clock.set('2026-09-30T10:00:00+08:00');
  await say('dt_zhangli', '/进展 DB-2026-0001 已完成排查，正在整改');
}

describe('佐证材料 over DingTalk: picture and file robot messages via downloadCode', () => {
  it('a picture after the report is fetched through messageFiles/download and its downloadUrl, then attached and confirmed', async () => {
    await reported();
    await sendFile('dt_zhangli', 'picture', PNG);
    const [call] = kit.fake.calls(PATHS.messageFileDownload);
    expect(call!.body).toEqual({ downloadCode: 'code-1', robotCode: 'dingfakeappkey' });
    expect(await kit.h.db.select().from(attachments)).toMatchObject([{ name: '图片.png', mime: 'image/png', uploaderId: 'zhangli', targetKind: 'report' }]);
    expect(toZhangli()).toContain('已将「图片.png」作为佐证材料附在 DB-2026-0001「冬季供暖投诉处理」的办理进展报告（第1轮）上。');
  });

  it('refuses a file whose content is not what its name says; retries an expired download link', async () => {
    await reported();
    await sendFile('dt_zhangli', 'file', HTML, '方案.docx');
    expect(toZhangli()).toContain('不能添加「方案.docx」：文件内容与扩展名不符，请发送原始的图片、PDF 或 Office 文档。');
    expect(await kit.h.db.select().from(attachments)).toEqual([]);

    kit.fake.failNext(PATHS.storage, { status: 403, text: 'Request has expired' });
    await sendFile('dt_zhangli', 'picture', PNG);
    const pending = (await kit.h.db.select().from(attachmentDownloads)).find((d) => d.status === 'pending');
    expect(pending).toMatchObject({ attempts: 1, lastError: '下载钉钉文件失败（HTTP 403）' });
    kit.h.clock.set('2026-09-30T10:02:00+08:00');
    expect(await runAttachmentDownloads(kit.h.deps)).toMatchObject({ attached: 1 });
    await drainOutbox(kit.h.deps);
    expect(kit.fake.calls(PATHS.messageFileDownload)).toHaveLength(3); // a fresh downloadUrl for the retry
    expect(await kit.h.db.select().from(attachments)).toHaveLength(1);
  });
});
