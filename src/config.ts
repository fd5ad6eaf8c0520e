import { z } from 'zod';

/**
 * The one typed configuration, parsed and validated once at the entry from environment
 * variables (Node `process.env`, Workers bindings). Names are a contract: the README's configuration table.
 */
const optional = z.string().trim().min(1).optional().catch(undefined);
const url = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .pipe(z.url({ protocol: /^https?$/, error: '必须是 http(s):// 开头的地址' }))
    .transform((u) => u.replace(/\/+$/, ''));

const schema = z.object({
  PORT: z.coerce.number({ error: '必须是 1–65535 之间的整数' }).int('必须是整数').min(1, '必须 ≥ 1').max(65535, '必须 ≤ 65535').default(8787),
  DATABASE_PATH: z.string().trim().min(1).default('./data/duban.db'),
  FILES_DIR: z.string().trim().min(1).default('./data/files'),
  ATTACHMENT_MAX_MB: z.coerce.number({ error: '必须是正数（单位 MB）' }).positive('必须大于 0').max(100, '必须 ≤ 100').default(20),
  ORG_FILE: optional,
  FEISHU_APP_ID: optional,
  FEISHU_APP_SECRET: optional,
  FEISHU_ENCRYPT_KEY: optional,
  FEISHU_VERIFICATION_TOKEN: optional,
  FEISHU_BASE_URL: url('https://open.feishu.cn'),
  FEISHU_MODE: z.enum(['webhook', 'ws'], { error: '只能是 webhook 或 ws' }).default('webhook'),
  DINGTALK_APP_KEY: optional,
  DINGTALK_APP_SECRET: optional,
  DINGTALK_ROBOT_CODE: optional,
  DINGTALK_BASE_URL: url('https://api.dingtalk.com'),
  DINGTALK_OAPI_BASE_URL: url('https://oapi.dingtalk.com'),
  DINGTALK_MONTHLY_QUOTA: z.coerce.number({ error: '必须是正整数' }).int('必须是整数').min(1, '必须 ≥ 1').default(5000),
  DINGTALK_CARD_TEMPLATE_ID: optional,
  DINGTALK_CARD_MODE: z.enum(['interactive', 'actioncard'], { error: '只能是 interactive 或 actioncard' }).optional(),
  DINGTALK_MODE: z.enum(['http', 'stream'], { error: '只能是 http 或 stream' }).default('http'),
  DINGTALK_CARD_ROUTE_KEY: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, '只能由字母、数字、下划线和短横线组成（1–64 个字符）')
    .default('duban-assistant'),
  DAILY_PUSH_AT: z
    .string()
    .trim()
    .default('09:00')
    .refine((v) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v), '必须是 24 小时制 HH:mm，例如 09:00')
    // Quiet rules (docs/reference/reminders.md, src/core/reminders/quiet-hours.ts): scheduled pushes only 08:00–20:00 Beijing time.
    .refine((v) => !/^\d\d:\d\d$/.test(v) || (v >= '08:00' && v < '20:00'), '必须在 08:00 至 19:59 之间（08:00–20:00 以外不推送），例如 09:00'),
  ESCALATE_ON_HOLIDAYS: z.enum(['0', '1'], { error: '只能是 0 或 1' }).optional(),
  SANDBOX: z.enum(['0', '1'], { error: '只能是 0 或 1' }).optional(),
  PUBLIC_BASE_URL: z
    .string()
    .trim()
    .pipe(z.url({ protocol: /^https?$/, error: '必须是 http(s):// 开头的地址' }))
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  ADMIN_TOKEN: z.string().trim().min(16, '至少 16 个字符（例如 openssl rand -hex 24 生成）').optional(),
  METRICS_TOKEN: z.string().trim().min(16, '至少 16 个字符（例如 openssl rand -hex 24 生成）').optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent'], { error: '只能是 debug、info、warn、error 或 silent' }).default('info'),
  SESSION_SECRET: z.string().trim().min(32, '至少 32 个字符（例如 openssl rand -hex 32 生成）').optional(),
});

/** Every variable the service reads, in the order of the README's configuration table's source. */
export const CONFIG_VARIABLES = Object.keys(schema.shape);

export interface FeishuConfig {
  appId: string;
  appSecret: string;
  encryptKey?: string;
  verificationToken?: string;
  baseUrl: string;
  /**
   * `webhook`: events and card callbacks arrive at POST /webhooks/feishu (needs a public HTTPS URL);
   * `ws`: over one outbound long connection (docs/feishu-long-connection.md), Node only.
   */
  mode: 'webhook' | 'ws';
}

export interface DingtalkConfig {
  appKey: string;
  appSecret: string;
  robotCode: string;
  baseUrl: string;
  /** The older oapi host, for what the new API lacks: media/upload (files sent by the robot). */
  oapiBaseUrl: string;
  /** Metered OpenAPI calls a month (free 标准版: 5 000); the office is warned at 80 % and 95 %. */
  monthlyQuota: number;
  /** `interactive`: template cards with callback buttons; `actioncard`: ActionCard whose buttons send commands. */
  cardMode: 'interactive' | 'actioncard';
  cardTemplateId?: string;
  /** The callbackRouteKey registered with `npm run cli -- dingtalk register-callback`. */
  cardRouteKey: string;
  /**
   * `http`: robot messages and card clicks arrive as webhooks (needs a public HTTPS URL); `stream`: over
   * one outbound WebSocket (docs/dingtalk-stream.md), cards created with `callbackType: STREAM`.
   */
  mode: 'http' | 'stream';
}

export interface Config {
  port: number;
  databasePath: string;
  /** FILES_DIR: where attachments (佐证材料) are kept on Node, by sha256; Workers use the FILES R2 bucket. */
  filesDir: string;
  /** ATTACHMENT_MAX_MB in bytes: larger attachments are refused. */
  attachmentMaxBytes: number;
  orgFile?: string;
  /** Present only when the app id and secret are both set: otherwise the platform is not mounted. */
  feishu?: FeishuConfig;
  dingtalk?: DingtalkConfig;
  dailyPushAt: string;
  /** ESCALATE_ON_HOLIDAYS=1: overdue escalations also go out on non-working days (the only scheduled push that does). */
  escalateOnHolidays: boolean;
  /** The sandbox lets anyone act as anyone: on only without platforms, or with SANDBOX=1. */
  sandbox: boolean;
  /** Bearer token of `GET /metrics` (Prometheus); absent = the route answers 404. */
  metricsToken?: string;
  /** Lowest level written to the JSON log (docs/operations.md). */
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Bearer token of the admin API (directory and calendar loading on Workers); absent = not mounted. */
  adminToken?: string;
  /** Where people reach this service (https://duban.example.gov.cn): makes links in messages clickable. */
  publicBaseUrl?: string;
  /**
   * HMAC key of the office dashboard's session cookie. Unset: random per process (sessions end at
   * restart; on Workers, per isolate — so set it there).
   */
  sessionSecret: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置错误：\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}（当前值 ${JSON.stringify(cleaned[String(i.path[0])])}）`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const pair = (a: string, b: string) => {
    const has = [cleaned[a], cleaned[b]].filter(Boolean).length;
    if (has === 1) problems.push(`${cleaned[a] ? b : a}: 已设置 ${cleaned[a] ? a : b}，还须设置 ${cleaned[a] ? b : a}`);
  };
  pair('FEISHU_APP_ID', 'FEISHU_APP_SECRET');
  pair('DINGTALK_APP_KEY', 'DINGTALK_APP_SECRET');
  if (e.DINGTALK_APP_KEY && e.DINGTALK_APP_SECRET && !e.DINGTALK_ROBOT_CODE) problems.push('DINGTALK_ROBOT_CODE: 启用钉钉时必须设置机器人 robotCode');
  if (e.DINGTALK_CARD_MODE === 'interactive' && !e.DINGTALK_CARD_TEMPLATE_ID) {
    problems.push('DINGTALK_CARD_TEMPLATE_ID: DINGTALK_CARD_MODE=interactive 时必须设置卡片模板 ID（见 docs/dingtalk.md）');
  }
  if (e.FEISHU_APP_ID && e.FEISHU_MODE === 'ws' && !/^cli_[0-9a-fA-F]{16}$/.test(e.FEISHU_APP_ID)) {
    // The SDK's WSClient checks this form and otherwise does nothing at all (one log line).
    problems.push(
      `FEISHU_APP_ID: 长连接模式要求 App ID 形如 cli_ 加 16 位十六进制字符（当前值 ${JSON.stringify(e.FEISHU_APP_ID)}），请从开发者后台「凭证与基础信息」复制`,
    );
  }
  if (e.FEISHU_APP_ID && e.FEISHU_MODE === 'webhook' && !e.FEISHU_ENCRYPT_KEY && !e.FEISHU_VERIFICATION_TOKEN) {
    problems.push('FEISHU_ENCRYPT_KEY: 启用飞书时须至少设置 FEISHU_ENCRYPT_KEY 或 FEISHU_VERIFICATION_TOKEN 之一，否则无法校验请求来源');
  }
  if (problems.length) throw new ConfigError(problems);

  const feishu =
    e.FEISHU_APP_ID && e.FEISHU_APP_SECRET
      ? {
          appId: e.FEISHU_APP_ID,
          appSecret: e.FEISHU_APP_SECRET,
          encryptKey: e.FEISHU_ENCRYPT_KEY,
          verificationToken: e.FEISHU_VERIFICATION_TOKEN,
          baseUrl: e.FEISHU_BASE_URL,
          mode: e.FEISHU_MODE,
        }
      : undefined;
  const dingtalk =
    e.DINGTALK_APP_KEY && e.DINGTALK_APP_SECRET && e.DINGTALK_ROBOT_CODE
      ? {
          appKey: e.DINGTALK_APP_KEY,
          appSecret: e.DINGTALK_APP_SECRET,
          robotCode: e.DINGTALK_ROBOT_CODE,
          baseUrl: e.DINGTALK_BASE_URL,
          oapiBaseUrl: e.DINGTALK_OAPI_BASE_URL,
          monthlyQuota: e.DINGTALK_MONTHLY_QUOTA,
          cardMode: e.DINGTALK_CARD_MODE ?? (e.DINGTALK_CARD_TEMPLATE_ID ? ('interactive' as const) : ('actioncard' as const)),
          cardTemplateId: e.DINGTALK_CARD_TEMPLATE_ID,
          cardRouteKey: e.DINGTALK_CARD_ROUTE_KEY,
          mode: e.DINGTALK_MODE,
        }
      : undefined;
  return {
    port: e.PORT,
    databasePath: e.DATABASE_PATH,
    filesDir: e.FILES_DIR,
    attachmentMaxBytes: Math.round(e.ATTACHMENT_MAX_MB * 1024 * 1024),
    orgFile: e.ORG_FILE,
    feishu,
    dingtalk,
    dailyPushAt: e.DAILY_PUSH_AT,
    escalateOnHolidays: e.ESCALATE_ON_HOLIDAYS === '1',
    sandbox: e.SANDBOX === '1' || (e.SANDBOX === undefined && !feishu && !dingtalk),
    adminToken: e.ADMIN_TOKEN,
    metricsToken: e.METRICS_TOKEN,
    logLevel: e.LOG_LEVEL,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    sessionSecret: e.SESSION_SECRET ?? randomSecret(),
  };
}

function randomSecret(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('');
}
