import type { D1Database, R2Bucket, ExecutionContext, ScheduledController } from '@cloudflare/workers-types';
import { ConfigError, parseConfig, type Config } from '../config';

/**
 * The Worker's bindings (wrangler.toml): the D1 database, plus every setting of src/config.ts
 * as a plain-text var or secret under the same name as on Node.
 */
export interface WorkerEnv {
  DB: D1Database;
  /** Attachments (佐证材料), content-addressed; optional so a Worker without the bucket still runs (no attachments then). */
  FILES?: R2Bucket;
  [setting: string]: unknown;
}

export type { ExecutionContext, ScheduledController };

const parsed = new WeakMap<object, Config>();

/** The same `parseConfig` as Node, fed with the string bindings; parsed once per isolate and env. */
export function workerConfig(env: WorkerEnv): Config {
  let config = parsed.get(env);
  if (!config) {
    const settings = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
    config = parseConfig(settings);
    // A Worker lives per request: it cannot hold the outbound WebSocket the long connection is.
    if (config.feishu?.mode === 'ws') {
      throw new ConfigError([
        'FEISHU_MODE: Cloudflare Workers 不支持飞书长连接（需要常驻进程保持 WebSocket）。请删除 FEISHU_MODE 或设为 webhook，并在飞书开发者后台「事件与回调」选择「将事件发送至开发者服务器」，或改用 Node 部署（见 docs/feishu-long-connection.md）',
      ]);
    }
    // A Worker lives per request: it cannot hold the long-lived WebSocket Stream mode needs.
    if (config.dingtalk?.mode === 'stream') {
      throw new ConfigError([
        'DINGTALK_MODE: Cloudflare Workers 不支持钉钉 Stream 模式（需要常驻进程保持长连接）。请设为 http 并在钉钉后台把消息接收模式设为 HTTP，或改用 Node 部署（见 docs/dingtalk-stream.md）',
      ]);
    }
    parsed.set(env, config);
  }
  return config;
}

/**
 * A Worker with bad settings answers 503 and logs which setting is wrong (`wrangler tail`), rather
 * than running half-configured. The body does not echo values: some settings are secrets.
 */
export function configProblem(env: WorkerEnv): Response | undefined {
  try {
    workerConfig(env);
    return undefined;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return Response.json({ error: '服务配置有误，未处理请求：管理员请用 wrangler tail 查看日志中的具体说明' }, { status: 503 });
  }
}
