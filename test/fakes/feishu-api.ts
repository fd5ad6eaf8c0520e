import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMultipart, type FormPart } from './multipart';

/**
 * A local fake of the Feishu Open API on 127.0.0.1, reached by the real Feishu sender over loopback:
 * token, bot info, file upload, send, reply, patch, urgent_app and message resources (downloads of what people sent), with programmable faults and a
 * record of every request. Like Feishu, it dedupes sends and replies by `uuid`: a repeated uuid answers with the
 * message already created, so the person sees one message.
 */

export const FAKE_BOT_OPEN_ID = 'ou_fake_bot';

export type Operation = 'token' | 'bot_info' | 'upload' | 'send' | 'reply' | 'patch' | 'urgent' | 'resource';

/** A file uploaded with im/v1/files (multipart: file_type, file_name, file). */
export interface FakeUpload {
  fileKey: string;
  fileType: string;
  fileName: string;
  bytes: Buffer;
}

/** im/v1/files `file_type` values (https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/file/create). */
const FILE_TYPES = new Set(['opus', 'mp4', 'pdf', 'doc', 'xls', 'ppt', 'stream']);
const MAX_FILE_BYTES = 30 * 1024 * 1024;

export interface RecordedRequest {
  op: Operation | 'unknown';
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** JSON (or text); for a multipart upload, its parts by name. */
  body: any;
}

/** A message as the person would see it (after uuid dedupe), with later patches and urgent marks. */
export interface FakeMessage {
  messageId: string;
  uuid?: string;
  receiveIdType?: string;
  receiveId?: string;
  /** For replies: the message answered. */
  replyTo?: string;
  msgType: string;
  content: any;
  patches: any[];
  urgentFor: string[];
}

export type Fault =
  /** HTTP 429, code 99991400, `x-ogw-ratelimit-reset` seconds. */
  | { kind: 'rate_limit'; resetSeconds: number }
  | { kind: 'server_error'; status?: number }
  /** Never answers and does nothing: the client times out. */
  | { kind: 'hang' }
  /** Does the work (the message exists), then never answers: the client times out. */
  | { kind: 'lose_response' }
  /** Drops the connection without answering. */
  | { kind: 'reset' }
  /** Answers `{code, msg}` with HTTP `status` (default 200: the SDK resolves, the caller must check `code`). */
  | { kind: 'error_code'; code: number; msg?: string; status?: number };

interface FaultRule {
  fault: Fault;
  op: Operation;
  remaining: number;
}

export interface FakeFeishu {
  url: string;
  requests: RecordedRequest[];
  messages: FakeMessage[];
  uploads: FakeUpload[];
  calls(op: Operation): RecordedRequest[];
  /** A picture or file a person sent in message `messageId`, for im/v1/messages/:id/resources/:key to answer. */
  addResource(messageId: string, key: string, type: 'image' | 'file', bytes: Uint8Array): void;
  /** The next `times` requests of `op` meet `fault`. */
  fail(op: Operation, fault: Fault, times?: number): void;
  close(): Promise<void>;
}

function classify(method: string, path: string): { op: Operation | 'unknown'; messageId?: string; resourceKey?: string } {
  if (method === 'POST' && path === '/open-apis/auth/v3/tenant_access_token/internal') return { op: 'token' };
  if (method === 'GET' && path === '/open-apis/bot/v3/info') return { op: 'bot_info' };
  if (method === 'POST' && path === '/open-apis/im/v1/files') return { op: 'upload' };
  if (method === 'POST' && path === '/open-apis/im/v1/messages') return { op: 'send' };
  let m = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/.exec(path);
  if (method === 'POST' && m) return { op: 'reply', messageId: m[1] };
  m = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/.exec(path);
  if (method === 'GET' && m) return { op: 'resource', messageId: m[1], resourceKey: decodeURIComponent(m[2]!) };
  m = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/urgent_app$/.exec(path);
  if (method === 'PATCH' && m) return { op: 'urgent', messageId: m[1] };
  m = /^\/open-apis\/im\/v1\/messages\/([^/]+)$/.exec(path);
  if (method === 'PATCH' && m) return { op: 'patch', messageId: m[1] };
  return { op: 'unknown' };
}

async function readBody(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const form = parseMultipart(raw, req.headers['content-type']);
  if (form) return Object.fromEntries(form);
  const text = raw.toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** More of Feishu on the same host (FEISHU_BASE_URL), e.g. the long connection's gateway (feishu-ws-gateway.ts). */
export interface FakeExtension {
  /** Called once the server listens (e.g. to accept WebSocket upgrades). */
  attach(server: Server, url: string): void;
  /** Answers a request the Open API fake does not know; false when it is not the extension's either. */
  handle(request: RecordedRequest, res: ServerResponse): boolean;
}

export async function startFakeFeishu(options: { extension?: FakeExtension } = {}): Promise<FakeFeishu> {
  const requests: RecordedRequest[] = [];
  const messages: FakeMessage[] = [];
  const uploads: FakeUpload[] = [];
  const rules: FaultRule[] = [];
  const tokens = new Set<string>();
  const byUuid = new Map<string, FakeMessage>();
  const resources = new Map<string, { type: 'image' | 'file'; bytes: Uint8Array }>();
  let nextId = 1;

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const ok = (data: unknown) => ({ code: 0, msg: 'success', data });

  /** The API itself: answers like Feishu for the happy path and for invalid requests. */
  function serve(
    op: Operation,
    messageId: string | undefined,
    request: RecordedRequest,
    resourceKey?: string,
  ): { status: number; body: unknown; bytes?: Uint8Array } {
    if (op === 'token') {
      const token = `t-fake-${tokens.size + 1}`;
      tokens.add(token);
      return { status: 200, body: { code: 0, msg: 'ok', tenant_access_token: token, expire: 7200 } };
    }
    const bearer = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
    if (!bearer || !tokens.has(bearer)) return { status: 400, body: { code: 99991663, msg: 'Invalid access token for authorization' } };
    if (op === 'bot_info') return { status: 200, body: { code: 0, msg: 'ok', bot: { open_id: FAKE_BOT_OPEN_ID, app_name: '督办助手' } } };

    const body = request.body ?? {};
    if (op === 'resource') {
      // message-resource/get: the key must belong to the message, and `type` must match the resource.
      const found = resources.get(`${messageId}|${resourceKey}`);
      if (!found) return { status: 400, body: { code: 234003, msg: 'File not in msg.' } };
      if (request.query.type !== found.type) return { status: 400, body: { code: 234001, msg: 'Invalid request param.' } };
      return { status: 200, body: undefined, bytes: found.bytes };
    }
    if (op === 'upload') {
      const field = (name: string) => (body[name] as FormPart | undefined)?.data;
      const fileType = field('file_type')?.toString('utf8') ?? '';
      const fileName = field('file_name')?.toString('utf8') ?? '';
      const bytes = field('file');
      if (!FILE_TYPES.has(fileType) || !fileName || !bytes) return { status: 400, body: { code: 234001, msg: 'Invalid request param.' } };
      if (bytes.length === 0) return { status: 400, body: { code: 234010, msg: 'File size is 0.' } };
      if (bytes.length > MAX_FILE_BYTES) return { status: 400, body: { code: 234006, msg: 'The file size exceed the max value.' } };
      const upload = { fileKey: `file_v3_fake_${uploads.length + 1}`, fileType, fileName, bytes };
      uploads.push(upload);
      return { status: 200, body: ok({ file_key: upload.fileKey }) };
    }
    if (op === 'send' || op === 'reply') {
      if (typeof body.uuid === 'string' && body.uuid.length > 50) return { status: 400, body: { code: 230001, msg: 'uuid too long' } };
      if (op === 'send' && (!request.query.receive_id_type || !body.receive_id)) return { status: 400, body: { code: 230001, msg: 'receive_id missing' } };
      if (op === 'reply' && !messages.some((m) => m.messageId === messageId)) {
        // Replies answer messages people sent; those are not in the fake's store, so any om_ id is accepted.
        if (!messageId?.startsWith('om_')) return { status: 400, body: { code: 230001, msg: 'bad message_id' } };
      }
      let content: unknown;
      try {
        content = JSON.parse(body.content);
      } catch {
        return { status: 400, body: { code: 230001, msg: 'content is not a JSON string' } };
      }
      if (body.msg_type === 'file' && !uploads.some((u) => u.fileKey === (content as { file_key?: unknown })?.file_key)) {
        return { status: 400, body: { code: 230001, msg: 'file_key not found' } };
      }
      const existing = body.uuid ? byUuid.get(body.uuid) : undefined;
      if (existing) return { status: 200, body: ok({ message_id: existing.messageId }) };
      const message: FakeMessage = {
        messageId: `om_fake_${nextId++}`,
        uuid: body.uuid,
        receiveIdType: request.query.receive_id_type,
        receiveId: body.receive_id,
        replyTo: op === 'reply' ? messageId : undefined,
        msgType: body.msg_type,
        content,
        patches: [],
        urgentFor: [],
      };
      messages.push(message);
      if (body.uuid) byUuid.set(body.uuid, message);
      return { status: 200, body: ok({ message_id: message.messageId, msg_type: message.msgType }) };
    }
    const target = messages.find((m) => m.messageId === messageId);
    if (!target) return { status: 400, body: { code: 230001, msg: 'message not found' } };
    if (op === 'patch') {
      if (target.msgType !== 'interactive') return { status: 400, body: { code: 230001, msg: 'only cards can be patched' } };
      target.patches.push(JSON.parse(body.content));
      return { status: 200, body: ok({}) };
    }
    const users: string[] = body.user_id_list ?? [];
    target.urgentFor.push(...users);
    return { status: 200, body: ok({ invalid_user_id_list: [] }) };
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const { op, messageId, resourceKey } = classify(req.method ?? 'GET', url.pathname);
    const request: RecordedRequest = {
      op,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: await readBody(req),
    };
    requests.push(request);
    if (op === 'unknown' && options.extension?.handle(request, res)) return;
    if (op === 'unknown') return json(res, 404, { code: 404, msg: `no such API: ${request.method} ${request.path}` });
    const rule = rules.find((r) => r.op === op && r.remaining > 0);
    if (rule) rule.remaining--;
    const fault = rule?.fault;
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'reset') return void req.socket.destroy();
    if (fault?.kind === 'rate_limit') {
      return json(
        res,
        429,
        { code: 99991400, msg: 'request trigger frequency limit' },
        { 'x-ogw-ratelimit-limit': '50', 'x-ogw-ratelimit-reset': String(fault.resetSeconds) },
      );
    }
    if (fault?.kind === 'server_error') return json(res, fault.status ?? 500, { code: 1, msg: 'internal error' });
    if (fault?.kind === 'error_code') return json(res, fault.status ?? 200, { code: fault.code, msg: fault.msg ?? 'error' });
    const answer = serve(op, messageId, request, resourceKey);
    if (fault?.kind === 'lose_response') return;
    if (answer.bytes) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(answer.bytes.byteLength) });
      return void res.end(answer.bytes);
    }
    json(res, answer.status, answer.body);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  options.extension?.attach(server, `http://127.0.0.1:${port}`);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    messages,
    uploads,
    calls: (op) => requests.filter((r) => r.op === op),
    addResource(messageId, key, type, bytes) {
      resources.set(`${messageId}|${key}`, { type, bytes });
    },
    fail(op, fault, times = 1) {
      rules.push({ op, fault, remaining: times });
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
