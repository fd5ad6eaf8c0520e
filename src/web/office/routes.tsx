/**
 * /office: the dashboard for the government office and the district's leaders. Sign-in fits the
 * platform: in the sandbox "sign in as" any person (anyone can be anyone there, as in the sandbox
 * chat); with Feishu configured, Feishu web login (OAuth code flow). Every route after sign-in
 * checks the session and the person's roles in the directory; anyone else gets a Chinese 403 page.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../../app-env';
import type { Directory } from '../../core/org/directory';
import type { Person } from '../../core/org/types';
import { itemLight } from '../../core/supervision/light';
import { hasRole } from '../../core/org/types';
import { mayBeUrged } from '../../core/supervision/urge';
import { authorize } from '../../core/supervision/permissions';
import { loadDetail, normaliseItemNumber } from '../../core/supervision/store';
import { loadTimeline, timelineCard } from '../../core/supervision/timeline';
import { UserError } from '../../core/errors';
import { EXPORT_FORMATS, exportLedger } from '../../export/ledger-export';
import { ledgerFileResponse } from '../../export/file-response';
import { mayUseOffice, OFFICE_DENIED } from './access';
import { loadDashboard } from './dashboard-data';
import { DashboardPage } from './dashboard-page';
import { officeSearch } from './ledger-search';
import { authorizeUrl, identifyByCode } from './feishu-login';
import { parseFilterQuery, type FilterQuery } from './filters';
import { ItemPage, type ItemPageProps } from './item-page';
import { DocumentsPage } from './documents-page';
import { searchDocuments } from './document-search';
import { loadDoc, loadDocs } from '../../core/documents/store';
import { exportDocuments } from '../../export/document-export';
import { urgeFromOffice } from './urge';
import { attachmentHref, mountAttachmentRoutes } from './attachment-routes';
import { documentAttachments, itemAttachments } from '../../core/attachments/record';
import { loadReportLabel } from '../../core/attachments/labels';
import type { AttachmentView } from './item-page';
import { mountMeetingsAndSeals } from './meetings-seals-routes';
import { mountLeaveLedger } from './leave-ledger-routes';
import { MessagePage, renderPage } from './layout';
import { LoginPage } from './login-page';
import { newState, openSession, seal, sealSession, SESSION_COOKIE, SESSION_TTL_MS, STATE_COOKIE, STATE_TTL_MS, unseal, type Session } from './session';

type OfficeEnv = AppEnv & { Variables: { viewer: Person; dir: Directory } };
type Ctx = Context<OfficeEnv>;

const page = (c: Ctx, node: unknown, status: 200 | 400 | 403 | 404 | 502 = 200) => c.html(renderPage(node), status);

const cookieOptions = (c: Ctx, maxAgeMs: number) => ({
  path: '/office',
  httpOnly: true,
  sameSite: 'Lax' as const,
  secure: new URL(c.req.url).protocol === 'https:',
  maxAge: Math.floor(maxAgeMs / 1000),
});

async function signIn(c: Ctx, personId: string, via: Session['via']) {
  const token = await sealSession({ personId, via, expiresAt: Date.now() + SESSION_TTL_MS }, c.get('deps').config.sessionSecret);
  setCookie(c, SESSION_COOKIE, token, cookieOptions(c, SESSION_TTL_MS));
  return c.redirect('/office', 303);
}

function redirectUri(c: Ctx): string {
  return `${c.get('deps').config.publicBaseUrl ?? new URL(c.req.url).origin}/office/callback`;
}

async function startFeishuLogin(c: Ctx) {
  const feishu = c.get('deps').config.feishu!;
  const state = newState();
  setCookie(c, STATE_COOKIE, await seal({ state, expiresAt: Date.now() + STATE_TTL_MS }, c.get('deps').config.sessionSecret), cookieOptions(c, STATE_TTL_MS));
  return c.redirect(authorizeUrl(feishu, redirectUri(c), state), 302);
}

export function officeRoutes() {
  const routes = new Hono<OfficeEnv>();

  routes.get('/login', async (c) => {
    const { config } = c.get('deps');
    if (config.feishu && (c.req.query('via') === 'feishu' || !config.sandbox)) return startFeishuLogin(c);
    return page(c, <LoginPage dir={await c.get('deps').loadDirectory()} sandbox={config.sandbox} feishu={Boolean(config.feishu)} />);
  });

  routes.post('/login/sandbox', async (c) => {
    const deps = c.get('deps');
    if (!deps.config.sandbox)
      return page(
        c,
        <MessagePage title="沙盒未启用" message="沙盒登录只在沙盒模式下可用，请使用飞书登录。" action={{ href: '/office/login', label: '去登录' }} />,
        404,
      );
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const dir = await deps.loadDirectory();
    const person = typeof body.person === 'string' ? dir.person(body.person) : undefined;
    if (!person) {
      const error = `请选择通讯录中的人员登录${typeof body.person === 'string' && body.person ? `（没有人员「${body.person}」）` : ''}。`;
      return page(c, <LoginPage dir={dir} sandbox feishu={Boolean(deps.config.feishu)} error={error} />, 400);
    }
    return signIn(c, person.id, 'sandbox');
  });

  routes.get('/callback', async (c) => {
    const deps = c.get('deps');
    const feishu = deps.config.feishu;
    if (!feishu) return page(c, <MessagePage title="未配置飞书登录" message="此服务未配置飞书应用，无法使用飞书登录。" />, 404);
    const retry = { href: '/office/login?via=feishu', label: '重新使用飞书登录' };
    if (c.req.query('error')) return page(c, <MessagePage title="已取消登录" message="您未同意飞书授权，未登录督办台。" action={retry} />, 400);
    const expected = await unseal<{ state: string; expiresAt: number }>(getCookie(c, STATE_COOKIE), deps.config.sessionSecret, Date.now());
    deleteCookie(c, STATE_COOKIE, { path: '/office' });
    const state = c.req.query('state');
    if (!expected || !state || expected.state !== state) {
      return page(c, <MessagePage title="登录已过期" message="登录请求已过期，或不是从本站发起的（state 不符），请重新登录。" action={retry} />, 400);
    }
    const code = c.req.query('code');
    if (!code) return page(c, <MessagePage title="登录失败" message="飞书没有返回授权码（code），请重新登录。" action={retry} />, 400);
    const identity = await identifyByCode(feishu, code, redirectUri(c));
    if (!identity.ok) return page(c, <MessagePage title="登录失败" message={identity.reason} action={retry} />, 502);
    const person = (await deps.loadDirectory()).byFeishuOpenId(identity.openId);
    if (!person) {
      return page(
        c,
        <MessagePage
          title="无法登录"
          message={`您的飞书账号${identity.name ? `（${identity.name}）` : ''}未登记在督办助手通讯录中，请联系区政府办登记 open_id。`}
        />,
        403,
      );
    }
    return signIn(c, person.id, 'feishu');
  });

  routes.post('/logout', (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: '/office' });
    return page(c, <MessagePage title="已退出" message="您已退出督办台。" action={{ href: '/office/login', label: '重新登录' }} />);
  });

  // Attachments: a session and the right to see the item, not an office role (units open their own).
  mountAttachmentRoutes(routes);

  // Every route below: a valid session, a person still in the directory, and an office role.
  routes.use('*', async (c, next) => {
    const deps = c.get('deps');
    const session = await openSession(getCookie(c, SESSION_COOKIE), deps.config.sessionSecret, Date.now());
    // A sandbox sign-in is worth nothing once the sandbox is off.
    if (!session || (session.via === 'sandbox' && !deps.config.sandbox)) return c.redirect('/office/login', 302);
    const dir = await deps.loadDirectory();
    const viewer = dir.person(session.personId);
    if (!viewer) {
      deleteCookie(c, SESSION_COOKIE, { path: '/office' });
      return page(
        c,
        <MessagePage title="无法访问" message="您的账号已不在通讯录中，请联系区政府办。" action={{ href: '/office/login', label: '重新登录' }} />,
        403,
      );
    }
    if (!mayUseOffice(viewer)) {
      return page(
        c,
        <MessagePage
          title="无权访问督办台"
          message={`${viewer.name}（${viewer.post}）：${OFFICE_DENIED}`}
          action={deps.config.sandbox ? { href: '/office/login', label: '换一个身份登录' } : undefined}
        />,
        403,
      );
    }
    c.set('viewer', viewer);
    c.set('dir', dir);
    await next();
  });

  routes.get('/', async (c) => {
    const { filters, errors } = parseFilterQuery(c.req.query() as FilterQuery, c.get('dir'));
    const data = await loadDashboard(c.get('deps'), c.get('dir'), c.get('viewer'), filters);
    const search = await officeSearch(c.get('deps'), { q: c.req.query('q'), page: c.req.query('page') });
    return page(c, <DashboardPage data={data} errors={errors} search={search} />, errors.length || search.kind === 'error' ? 400 : 200);
  });

  /** The item page, with the outcome of an action on it when there was one. */
  async function itemPage(c: Ctx, notice?: ItemPageProps['notice']) {
    const deps = c.get('deps');
    const dir = c.get('dir');
    const viewer = c.get('viewer');
    const id = normaliseItemNumber(c.req.param('id') ?? '');
    const detail = id ? await loadDetail(deps.db, id) : undefined;
    if (!detail) {
      return page(
        c,
        <MessagePage
          title="没有这个督查事项"
          message={`没有督查事项「${c.req.param('id')}」，编号形如 DB-2026-0001。`}
          action={{ href: '/office#ledger', label: '返回台账' }}
        />,
        404,
      );
    }
    const now = deps.clock.now();
    const light = itemLight(detail.item, await deps.loadCalendar(deps.db), now);
    const card = timelineCard(detail, dir, light, await loadTimeline(deps.db, detail.item.id));
    const urge = hasRole(viewer, 'office_staff') && mayBeUrged(detail.item);
    const attachments: AttachmentView[] = await Promise.all(
      (await itemAttachments(deps.db, detail.item.id)).map(async (a) => ({
        href: attachmentHref(a.id),
        name: a.name,
        image: a.mime.startsWith('image/'),
        size: a.size,
        createdAt: a.createdAt,
        target: await loadReportLabel(deps.db, a.targetKind, a.targetId),
        uploader: dir.person(a.uploaderId)?.name ?? a.uploaderId,
      })),
    );
    const body = (
      <ItemPage
        viewer={viewer}
        unitName={dir.unit(viewer.unitId)?.name ?? ''}
        card={card}
        itemId={detail.item.id}
        urge={urge}
        notice={notice}
        attachments={attachments}
      />
    );
    return page(c, body, notice?.kind === 'error' ? 400 : 200);
  }

  routes.get('/items/:id', (c) => itemPage(c));

  // 催办 (Art. 40): the core checks the role, the item and the once-an-hour limit; the page shows the outcome.
  routes.post('/items/:id/urge', async (c) => {
    const id = normaliseItemNumber(c.req.param('id'));
    if (!id || !(await loadDetail(c.get('deps').db, id))) return itemPage(c);
    try {
      return await itemPage(c, { kind: 'success', text: await urgeFromOffice(c.get('deps'), c.get('dir'), c.get('viewer'), id) });
    } catch (error) {
      if (error instanceof UserError) return itemPage(c, { kind: 'error', text: error.message });
      throw error;
    }
  });

  // 公文 (Art. 61, 62): the list, one document's sign-off record, the register as a file for the office.
  async function documentsPage(c: Ctx, openId?: string) {
    const { db } = c.get('deps');
    const open = openId === undefined ? undefined : /^\d{1,9}$/.test(openId) ? await loadDoc(db, Number(openId)) : undefined;
    if (openId !== undefined && !open) {
      return page(
        c,
        <MessagePage title="没有这件公文" message={`没有编号为「${openId}」的公文。`} action={{ href: '/office/documents', label: '返回公文列表' }} />,
        404,
      );
    }
    const viewer = c.get('viewer');
    const files = open ? (await documentAttachments(db, open.doc.id)).map((a) => ({ href: attachmentHref(a.id), name: a.name })) : [];
    const docs = await loadDocs(db);
    const search = searchDocuments(docs, c.get('dir'), c.req.query('q'));
    return page(
      c,
      <DocumentsPage viewer={viewer} dir={c.get('dir')} docs={docs} canExport={hasRole(viewer, 'office_staff')} open={open} files={files} search={search} />,
    );
  }
  routes.get('/documents', (c) => documentsPage(c));
  routes.get('/documents/:id', (c) => documentsPage(c, c.req.param('id')));

  for (const format of EXPORT_FORMATS) {
    routes.get(`/export/documents.${format}`, async (c) => {
      if (!hasRole(c.get('viewer'), 'office_staff')) {
        return page(
          c,
          <MessagePage title="无权导出" message="公文登记簿导出仅限区政府办工作人员。" action={{ href: '/office/documents', label: '返回公文列表' }} />,
          403,
        );
      }
      const deps = c.get('deps');
      const file = await exportDocuments({ db: deps.db, dir: c.get('dir'), now: deps.clock.now() }, format);
      return ledgerFileResponse(c, file, `documents.${format}`);
    });
  }

  for (const format of EXPORT_FORMATS) {
    routes.get(`/export/ledger.${format}`, async (c) => {
      const deps = c.get('deps');
      const dir = c.get('dir');
      try {
        authorize(dir, c.get('viewer'), 'export_ledger');
      } catch (error) {
        if (error instanceof UserError)
          return page(c, <MessagePage title="无权导出" message={error.message} action={{ href: '/office#ledger', label: '返回台账' }} />, 403);
        throw error;
      }
      const { filters, errors } = parseFilterQuery(c.req.query() as FilterQuery, dir);
      if (errors.length)
        return page(c, <MessagePage title="筛选条件有误" message={errors.join(' ')} action={{ href: '/office#ledger', label: '返回台账' }} />, 400);
      const now = deps.clock.now();
      const file = await exportLedger(
        { db: deps.db, dir, calendar: await deps.loadCalendar(deps.db), now, baseUrl: deps.config.publicBaseUrl ?? new URL(c.req.url).origin },
        filters,
        format,
      );
      return ledgerFileResponse(c, file, `ledger.${format}`);
    });
  }

  mountMeetingsAndSeals(routes);
  mountLeaveLedger(routes);

  return routes;
}
