import { serve } from '@hono/node-server';
import { createApp } from './app';
import { CONFIG_VARIABLES, parseConfig } from './config';
import { adjustableClock } from './core/adjustable-clock';
import { startFeishuLongConnection } from './platforms/feishu/long-connection';
import { systemClock } from './core/time';
import { buildNodeDeps, loadStartupOrg } from './node/deps';
import { startSchedulers } from './node/schedulers';
import { startDingtalkStream } from './platforms/dingtalk/stream/wire';
import { openWritableDatabase } from './node/open-database';
import { nodeLogger } from './node/logger';
import { startupFailureLine } from './node/startup-failure';
import { errorFields, log, setLogger } from './log';

/** `npm start -- --help`: what starts, where it is configured, the exit codes. */
const HELP = `督办助手 服务（Node）
用法：npm start            构建 dist/（缺失或旧于源码时）后运行 node dist/node.js
      npm run dev          开发：tsx 监视模式，改动即重启

配置全部来自环境变量（含义与默认值：仓库首页的 Configuration 表；运维：docs/operations.md）：
${CONFIG_VARIABLES.map((name) => `  ${name}`).join('\n')}
未配置任何平台时只启用沙盒：http://localhost:8787/sandbox

管理命令（备份、导入组织架构与节假日、导出台账等）：npm run cli -- --help
退出码：2 配置或启动条件有误（一行说明出错的变量，未写入任何数据）；1 内部错误；0 收到 SIGTERM/SIGINT 后正常退出。`;

/** Node entry: builds dependencies once and serves the app. No business logic here. */
async function main() {
  if (process.argv.slice(2).some((arg) => arg === '--help' || arg === '-h')) {
    console.log(HELP);
    return;
  }
  const config = parseConfig(process.env);
  setLogger(nodeLogger(config.logLevel));
  const { db, close } = await openWritableDatabase(config.databasePath);
  // The sandbox clock shifts the time rules run by; platform verification keeps the real time under it.
  const clock = config.sandbox ? adjustableClock({ ...systemClock }) : { ...systemClock };
  const pending = new Set<Promise<unknown>>();
  // A deferred task (the outbox drain) starts after the response is handed back, never on its path.
  const defer = (task: () => Promise<unknown>) => {
    const p = new Promise((resolve) => setImmediate(resolve))
      .then(task)
      .catch((error) => log().error(errorFields(error), 'deferred task failed'))
      .finally(() => pending.delete(p));
    pending.add(p);
  };
  const org = await loadStartupOrg(db, config.orgFile, clock.now());
  const deps = buildNodeDeps(config, db, clock, defer);
  const app = createApp(() => deps);
  const stopSchedulers = startSchedulers(deps);
  // FEISHU_MODE=ws: events come over one outbound connection instead of POST /webhooks/feishu.
  const feishuConnection = config.feishu?.mode === 'ws' ? startFeishuLongConnection(deps) : undefined;
  if (feishuConnection) {
    // Stop taking events first: the shutdown below then finishes what was already taken.
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => feishuConnection.close());
  }
  // DINGTALK_MODE=stream: robot messages and card clicks over one outbound WebSocket (docs/dingtalk-stream.md).
  const dingtalkStream = config.dingtalk?.mode === 'stream' ? startDingtalkStream(deps) : undefined;
  if (feishuConnection || dingtalkStream) {
    deps.connections = () => ({
      ...(feishuConnection ? { feishu: feishuConnection.status() } : {}),
      ...(dingtalkStream ? { dingtalkStream: dingtalkStream.status() } : {}),
    });
  }
  const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
    log().info(
      { port: info.port, organisation: org, platforms: Object.keys(deps.senders), dailyPushAt: config.dailyPushAt },
      `督办助手 listening on http://localhost:${info.port}`,
    );
    if (dingtalkStream) log().info({ dingtalk: 'stream' }, 'dingtalk: Stream mode (one outbound connection; state on /healthz)');
    if (config.sandbox) log().warn({ sandbox: `http://localhost:${info.port}/sandbox` }, 'sandbox on: anyone can act as anyone — never expose it');
  });
  // A port in use (or not ours to take) is a start-up failure like a bad setting: one line, exit 2.
  server.once('error', (error) => {
    void stopSchedulers();
    close();
    fail(error);
  });
  const shutdown = async (signal: string) => {
    log().info({ signal, deferred: pending.size }, 'shutting down: finishing deferred tasks');
    await dingtalkStream?.stop();
    server.close();
    await stopSchedulers();
    await Promise.allSettled([...pending]);
    close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

function fail(error: unknown): never {
  const line = startupFailureLine(error, process.env);
  if (line) {
    console.error(line);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
}

main().catch(fail);
