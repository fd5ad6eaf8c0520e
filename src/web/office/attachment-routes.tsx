/**
 * GET /office/files/:id: an attachment's bytes (also the src of the timeline's thumbnails), only with
 * a session and only for someone who may see the item (core/attachments/access.ts).
 * Mounted before the office-role check, so the units' heads and liaisons who signed in can open
 * their own items' evidence; anyone else gets a Chinese 403. Pictures are shown inline, everything
 * else downloads, and nothing is ever sniffed or run by the browser.
 */
import type { Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../../app-env';
import { maySeeAttachments } from '../../core/attachments/access';
import { loadAttachment } from '../../core/attachments/record';
import { loadItem } from '../../core/supervision/store';
import { MessagePage, renderPage } from './layout';
import { openSession, SESSION_COOKIE } from './session';

export { attachmentHref } from '../../core/attachments/record';

/** RFC 6266 filename*, so Chinese names survive the download. */
const disposition = (inline: boolean, name: string) =>
  `${inline ? 'inline' : 'attachment'}; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export function mountAttachmentRoutes<E extends AppEnv>(routes: Hono<E>) {
  const refuse = (c: Context<E>, status: 403 | 404, title: string, message: string) =>
    c.html(renderPage(<MessagePage title={title} message={message} />), status);

  routes.get('/files/:id', async (c) => {
    const deps = c.get('deps');
    const session = await openSession(getCookie(c, SESSION_COOKIE), deps.config.sessionSecret, Date.now());
    if (!session || (session.via === 'sandbox' && !deps.config.sandbox)) return c.redirect('/office/login', 302);
    const id = Number(c.req.param('id'));
    const attachment = Number.isSafeInteger(id) ? await loadAttachment(deps.db, id) : undefined;
    const item = attachment?.itemId ? await loadItem(deps.db, attachment.itemId) : undefined;
    if (!attachment || (attachment.targetKind !== 'document' && !item)) return refuse(c, 404, '没有这个附件', '该佐证材料不存在。');
    const dir = await deps.loadDirectory();
    const viewer = dir.person(session.personId);
    if (!viewer || !maySeeAttachments(dir, viewer, item)) {
      const whose = item ? `${item.id} 的佐证材料：仅限区政府办督查人员、区领导和该事项承办单位的主要领导、联络员` : '来文的附件：仅限区政府办督查人员和区领导';
      return refuse(c, 403, '无权查看', `${viewer?.name ?? '您'}不能查看 ${whose}。`);
    }
    const bytes = await deps.files.get(attachment.sha256);
    if (!bytes) return refuse(c, 404, '文件缺失', `「${attachment.name}」的文件已不在存储中，请联系管理员。`);
    const inline = attachment.mime.startsWith('image/');
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': attachment.mime,
      'content-length': String(bytes.byteLength),
      'content-disposition': disposition(inline, attachment.name),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, max-age=3600',
    });
  });
}
