import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMultipart, type FormPart } from './multipart';

/**
 * A local fake of the DingTalk OpenAPI on 127.0.0.1 (random port), reached by the real fetch client:
 * token, robot batchSend and group send, card createAndDeliver and update, callback registration, and
 * the oapi file upload (media/upload) whose media_id a robot `sampleFile` message must name, and the
 * download of pictures and files people sent (robot/messageFiles/download → a downloadUrl it serves).
 * It records every request, checks the access token, keeps the state of each card, and can be told
 * to throttle or fail the next calls to a path.
 */

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

export interface FakeResponse {
  status: number;
  /** JSON body, or raw text (e.g. the HTML page of the per-IP ban). */
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

/** One message as DingTalk would show it: where it went and what it said. */
export interface FakeDelivery {
  /** `session`: a reply to a message's sessionWebhook (Stream mode's fixed replies). */
  api: 'batchSend' | 'groupSend' | 'card' | 'session';
  /** userIds (batchSend, 1:1 card) or the openConversationId (group). */
  to: string[];
  group: boolean;
  msgKey?: string;
  /** msgParam parsed from its JSON string. */
  msgParam?: any;
  /** Interactive cards: the outTrackId and the current card data (after updates). */
  outTrackId?: string;
}

export interface FakeCard {
  outTrackId: string;
  openSpaceId: string;
  callbackType: string;
  callbackRouteKey: string;
  cardTemplateId: string;
  cardParamMap: Record<string, string>;
  updates: number;
}

export const PATHS = {
  token: '/v1.0/oauth2/accessToken',
  batchSend: '/v1.0/robot/oToMessages/batchSend',
  groupSend: '/v1.0/robot/groupMessages/send',
  cardDeliver: '/v1.0/card/instances/createAndDeliver',
  cardUpdate: '/v1.0/card/instances',
  callbackRegister: '/v1.0/card/callbacks/register',
  /** On the oapi host (DINGTALK_OAPI_BASE_URL): the tests point both bases at this fake. */
  mediaUpload: '/media/upload',
  /** On the oapi host too; the fake's session ids name their chat: `user.<userId>` or `group.<conversationId>`. */
  sendBySession: '/robot/sendBySession',
  messageFileDownload: '/v1.0/robot/messageFiles/download',
  /** Where the fake's downloadUrls point (DingTalk's signed storage URL in reality). */
  storage: '/storage/',
} as const;

/** A file uploaded with media/upload (type=file, multipart field `media`). */
export interface FakeMedia {
  mediaId: string;
  filename: string;
  bytes: Buffer;
}

/** media/upload takes files of type `file` up to 20 MB. */
const MAX_MEDIA_BYTES = 20 * 1024 * 1024;

export const THROTTLED: FakeResponse = {
  status: 403,
  body: { code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', requestid: 'fake', message: '应用调用该接口的请求数超过限流阈值' },
};

export const QUOTA_EXHAUSTED: FakeResponse = {
  status: 403,
  body: { code: 'Forbidden.AccessDenied.ApiCountLimitForOrg', requestid: 'fake', message: '您的企业本月api调用量已超过限制' },
};

export interface DingtalkFake {
  url: string;
  requests: FakeRequest[];
  /** Requests to one path, in order. */
  calls(path: string): FakeRequest[];
  /** Everything delivered so far, in order. */
  deliveries: FakeDelivery[];
  /** Deliveries that reached a user (1:1) or a group conversation. */
  deliveriesTo(userOrConversationId: string): FakeDelivery[];
  cards: Map<string, FakeCard>;
  media: FakeMedia[];
  registeredCallbacks: Map<string, { callbackUrl: string; apiSecret?: string }>;
  /** userIds batchSend reports as invalid / flow-controlled. */
  invalidUsers: Set<string>;
  flowControlledUsers: Set<string>;
  /** The next `times` calls to `path` get `response` instead of the normal answer. */
  failNext(path: string, response: FakeResponse, times?: number): void;
  /** A picture or file a person sent: its downloadCode and bytes, for messageFiles/download. */
  addMessageFile(downloadCode: string, bytes: Uint8Array): void;
  /** Every token issued so far stops working (as after a secret rotation). */
  revokeTokens(): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const form = parseMultipart(raw, req.headers['content-type']);
  if (form) return Object.fromEntries(form);
  const text = raw.toString('utf8');
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

function send(res: ServerResponse, response: FakeResponse) {
  const headers = { ...(response.text === undefined ? { 'content-type': 'application/json' } : { 'content-type': 'text/html' }), ...response.headers };
  res.writeHead(response.status, headers);
  res.end(response.text ?? (response.body === undefined ? '' : JSON.stringify(response.body)));
}

export async function startDingtalkFake(credentials: { appKey: string; appSecret: string }): Promise<DingtalkFake> {
  const requests: FakeRequest[] = [];
  const deliveries: FakeDelivery[] = [];
  const cards = new Map<string, FakeCard>();
  const media: FakeMedia[] = [];
  const registeredCallbacks = new Map<string, { callbackUrl: string; apiSecret?: string }>();
  const faults = new Map<string, FakeResponse[]>();
  const validTokens = new Set<string>();
  const invalidUsers = new Set<string>();
  const flowControlledUsers = new Set<string>();
  let tokenCount = 0;
  let keyCount = 0;
  const messageFiles = new Map<string, Uint8Array>();
  const storage = new Map<string, Uint8Array>();
  let baseUrl = '';

  /** The oapi answers errors as HTTP 200 with `errcode` (40014: invalid access_token). */
  const uploadMedia = (query: Record<string, string>, body: any): FakeResponse => {
    if (!query.access_token || !validTokens.has(query.access_token)) return { status: 200, body: { errcode: 40014, errmsg: '不合法的access_token' } };
    const file = body?.media as FormPart | undefined;
    if (query.type !== 'file' || !file?.filename || file.data.length === 0)
      return { status: 200, body: { errcode: 40004, errmsg: '不合法的媒体文件类型或文件' } };
    if (file.data.length > MAX_MEDIA_BYTES) return { status: 200, body: { errcode: 40006, errmsg: '不合法的文件大小' } };
    const mediaId = `@lAfake${media.length + 1}`;
    media.push({ mediaId, filename: file.filename, bytes: file.data });
    return { status: 200, body: { errcode: 0, errmsg: 'ok', type: 'file', media_id: mediaId, created_at: 1_700_000_000_000 } };
  };

  /** A robot file message must name an uploaded file. */
  const unknownMedia = (body: any): FakeResponse | undefined => {
    if (body?.msgKey !== 'sampleFile') return undefined;
    const { mediaId, fileName, fileType } = JSON.parse(body.msgParam ?? '{}');
    if (!media.some((m) => m.mediaId === mediaId) || !fileName || !fileType)
      return { status: 400, body: { code: 'invalidParameter.msgParam', message: 'sampleFile 的 mediaId 无效' } };
    return undefined;
  };

  const handle = (method: string, path: string, query: Record<string, string>, token: string | undefined, body: any): FakeResponse => {
    const queued = faults.get(path);
    if (queued?.length) return queued.shift()!;
    if (method === 'POST' && path === PATHS.mediaUpload) return uploadMedia(query, body);
    if (method === 'POST' && path === PATHS.sendBySession) {
      const session = /^(user|group)\.(.+)$/.exec(query.session ?? '');
      if (!session) return { status: 200, body: { errcode: 300001, errmsg: 'session 不存在' } };
      if (body?.msgtype !== 'text' || typeof body.text?.content !== 'string') return { status: 200, body: { errcode: 40035, errmsg: '不合法的参数' } };
      deliveries.push({
        api: 'session',
        to: [session[2]!],
        group: session[1] === 'group',
        msgKey: 'sampleText',
        msgParam: { content: body.text.content, at: body.at },
      });
      return { status: 200, body: { errcode: 0, errmsg: 'ok' } };
    }
    if (method === 'POST' && path === PATHS.token) {
      if (body?.appKey !== credentials.appKey || body?.appSecret !== credentials.appSecret) {
        return { status: 400, body: { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' } };
      }
      const accessToken = `fake-token-${++tokenCount}`;
      validTokens.add(accessToken);
      return { status: 200, body: { accessToken, expireIn: 7200 } };
    }
    if (!token || !validTokens.has(token)) return { status: 401, body: { code: 'InvalidAuthentication', message: '不合法的access_token' } };
    if (method === 'POST' && path === PATHS.messageFileDownload) {
      const bytes = messageFiles.get(body?.downloadCode);
      if (!bytes || typeof body?.robotCode !== 'string' || !body.robotCode)
        return { status: 400, body: { code: 'invalidParameter.downloadCode', message: 'downloadCode 无效' } };
      const name = `f${++keyCount}`;
      storage.set(name, bytes);
      return { status: 200, body: { downloadUrl: `${baseUrl}${PATHS.storage}${name}?Expires=3600&Signature=fake` } };
    }
    if (method === 'POST' && path === PATHS.batchSend) {
      if (!Array.isArray(body?.userIds) || body.userIds.length === 0 || body.userIds.length > 20) {
        return { status: 400, body: { code: 'invalidParameter.userIds.overMax', message: 'userIds 须为 1–20 个' } };
      }
      const badFile = unknownMedia(body);
      if (badFile) return badFile;
      const invalid = body.userIds.filter((u: string) => invalidUsers.has(u));
      const limited = body.userIds.filter((u: string) => flowControlledUsers.has(u));
      const reached = body.userIds.filter((u: string) => !invalidUsers.has(u) && !flowControlledUsers.has(u));
      deliveries.push({ api: 'batchSend', to: reached, group: false, msgKey: body.msgKey, msgParam: JSON.parse(body.msgParam) });
      return { status: 200, body: { processQueryKey: `pqk-${++keyCount}`, invalidStaffIdList: invalid, flowControlledStaffIdList: limited } };
    }
    if (method === 'POST' && path === PATHS.groupSend) {
      const badFile = unknownMedia(body);
      if (badFile) return badFile;
      deliveries.push({ api: 'groupSend', to: [body.openConversationId], group: true, msgKey: body.msgKey, msgParam: JSON.parse(body.msgParam) });
      return { status: 200, body: { processQueryKey: `pqk-${++keyCount}` } };
    }
    if (method === 'POST' && path === PATHS.cardDeliver) {
      if (cards.has(body.outTrackId)) return { status: 400, body: { code: 'param.outTrackIdExist', message: 'outTrackId 已存在' } };
      const space = /^dtv1\.card\/\/(IM_GROUP|IM_ROBOT)\.(.+)$/.exec(body.openSpaceId ?? '');
      if (!space) return { status: 400, body: { code: 'param.openSpaceIdInvalid', message: 'openSpaceId 无效' } };
      cards.set(body.outTrackId, {
        outTrackId: body.outTrackId,
        openSpaceId: body.openSpaceId,
        callbackType: body.callbackType,
        callbackRouteKey: body.callbackRouteKey,
        cardTemplateId: body.cardTemplateId,
        cardParamMap: { ...body.cardData?.cardParamMap },
        updates: 0,
      });
      deliveries.push({ api: 'card', to: [space[2]!], group: space[1] === 'IM_GROUP', outTrackId: body.outTrackId });
      return {
        status: 200,
        body: {
          success: true,
          result: {
            outTrackId: body.outTrackId,
            deliverResults: [{ spaceType: space[1], spaceId: space[2], success: true, carrierId: `carrier-${++keyCount}` }],
          },
        },
      };
    }
    if (method === 'PUT' && path === PATHS.cardUpdate) {
      const card = cards.get(body.outTrackId);
      if (!card) return { status: 400, body: { code: 'param.cardNotExist', message: '卡片不存在' } };
      card.cardParamMap = body.cardUpdateOptions?.updateCardDataByKey
        ? { ...card.cardParamMap, ...body.cardData?.cardParamMap }
        : { ...body.cardData?.cardParamMap };
      card.updates++;
      return { status: 200, body: { success: true, result: true } };
    }
    if (method === 'POST' && path === PATHS.callbackRegister) {
      const existing = registeredCallbacks.get(body.callbackRouteKey);
      if (existing && existing.callbackUrl !== body.callbackUrl && !body.forceUpdate) {
        return { status: 400, body: { code: 'param.callbackRouteKeyExist', message: 'callbackRouteKey 已存在' } };
      }
      registeredCallbacks.set(body.callbackRouteKey, { callbackUrl: body.callbackUrl, apiSecret: body.apiSecret });
      return { status: 200, body: { success: true, result: { callbackUrl: body.callbackUrl, apiSecret: body.apiSecret } } };
    }
    return { status: 404, body: { code: 'notFound', message: `fake has no ${method} ${path}` } };
  };

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query, headers: req.headers, body });
    const token = req.headers['x-acs-dingtalk-access-token'];
    if (req.method === 'GET' && url.pathname.startsWith(PATHS.storage)) {
      const queued = faults.get(PATHS.storage);
      if (queued?.length) return send(res, queued.shift()!);
      const bytes = storage.get(url.pathname.slice(PATHS.storage.length));
      if (!bytes) return send(res, { status: 403, text: 'AccessDenied' });
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.byteLength) });
      return void res.end(bytes);
    }
    send(res, handle(req.method ?? 'GET', url.pathname, query, typeof token === 'string' ? token : undefined, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    calls: (path) => requests.filter((r) => r.path === path),
    deliveries,
    deliveriesTo: (id) => deliveries.filter((d) => d.to.includes(id)),
    cards,
    media,
    registeredCallbacks,
    invalidUsers,
    flowControlledUsers,
    failNext(path, response, times = 1) {
      const queue = faults.get(path) ?? [];
      for (let i = 0; i < times; i++) queue.push(response);
      faults.set(path, queue);
    },
    addMessageFile: (downloadCode, bytes) => void messageFiles.set(downloadCode, bytes),
    revokeTokens: () => validTokens.clear(),
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
