import { parseConfig } from '../config';
import { UserError } from '../core/errors';
import { PermanentDeliveryError } from '../outbox/sender';
import { dingtalkApi } from '../platforms/dingtalk/api';
import { quotaMeter } from '../platforms/dingtalk/quota';
import type { CliCommand } from './types';

/** Where card clicks arrive (src/platforms/dingtalk/webhook.ts). */
export const CARD_CALLBACK_PATH = '/webhooks/dingtalk/card';

function callbackUrlOf(base: string): string {
  let url: URL;
  try {
    url = new URL(base.trim());
  } catch {
    throw new UserError(`“${base}” 不是网址：请给出本服务的公网地址，例如 https://duban.example.gov.cn`);
  }
  if (url.protocol !== 'https:') throw new UserError('钉钉只回调 HTTPS 地址：请给出 https:// 开头的公网地址。');
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path.endsWith(CARD_CALLBACK_PATH) ? path : `${path}${CARD_CALLBACK_PATH}`}`;
}

/**
 * `dingtalk register-callback <https://公网地址> [--force]`: registers the interactive cards' HTTP
 * callback route once (POST /v1.0/card/callbacks/register; one callbackRouteKey ↔ one URL). The app
 * secret is registered as the apiSecret, so DingTalk signs every click and the webhook can check it.
 * https://open.dingtalk.com/document/development/register-card-callback-address
 */
export function dingtalkRegisterCallback(options: { env?: () => Record<string, string | undefined>; fetch?: typeof fetch } = {}): CliCommand {
  return {
    path: ['dingtalk', 'register-callback'],
    summary: '向钉钉注册互动卡片的回调地址（按钮点击发到本服务）',
    usage: '<https://公网地址> [--force]',
    positionals: ['https://公网地址'],
    options: { force: { type: 'boolean' } },
    details: [
      '在钉钉启用互动卡片（设置 DINGTALK_CARD_TEMPLATE_ID）时运行一次；地址变更后再运行。',
      `回调地址为 <公网地址>${CARD_CALLBACK_PATH}，callbackRouteKey 取 DINGTALK_CARD_ROUTE_KEY（默认 duban-assistant），`,
      '签名密钥（apiSecret）为应用的 AppSecret（DINGTALK_APP_SECRET）。读取与服务相同的环境变量。',
      '',
      '选项：',
      '  --force   该 callbackRouteKey 已注册到其他地址时覆盖',
      '',
      '示例：npm run cli -- dingtalk register-callback https://duban.example.gov.cn',
    ],
    async run(ctx, { positionals: [base], options: flags }) {
      const config = parseConfig((options.env ?? (() => process.env))());
      if (!config.dingtalk) throw new UserError('未配置钉钉：请先设置 DINGTALK_APP_KEY、DINGTALK_APP_SECRET 和 DINGTALK_ROBOT_CODE。');
      const dingtalk = config.dingtalk;
      if (dingtalk.mode === 'stream')
        throw new UserError('DINGTALK_MODE=stream：卡片点击经 Stream 长连接送达（卡片以 callbackType STREAM 创建），无需注册回调地址。');
      const callbackUrl = callbackUrlOf(base!);
      const db = await ctx.db();
      const clock = { now: () => ctx.now };
      const meter = quotaMeter({ db, clock });
      const api = dingtalkApi({ config: dingtalk, clock, meter, fetch: options.fetch });
      try {
        await api.registerCardCallback({
          callbackRouteKey: dingtalk.cardRouteKey,
          callbackUrl,
          apiSecret: dingtalk.appSecret,
          forceUpdate: flags.force === true,
        });
      } catch (error) {
        const message = (error as Error).message;
        if (message.includes('callbackRouteKeyExist')) {
          throw new UserError(
            `callbackRouteKey “${dingtalk.cardRouteKey}” 已注册到其他地址。确认要改为 ${callbackUrl} 后加 --force 重新运行，或设置另一个 DINGTALK_CARD_ROUTE_KEY。`,
          );
        }
        throw new UserError(`注册失败：${message}${error instanceof PermanentDeliveryError ? '' : '（请稍后重试）'}`);
      }
      ctx.out(
        [
          `已注册互动卡片回调：${callbackUrl}（callbackRouteKey：${dingtalk.cardRouteKey}）。`,
          dingtalk.cardMode === 'interactive'
            ? `卡片模板：${dingtalk.cardTemplateId}。卡片按钮的点击将发到上述地址。`
            : '注意：当前为 ActionCard 模式（未设置 DINGTALK_CARD_TEMPLATE_ID），设置模板 ID 并重启服务后才会发送互动卡片。',
        ].join('\n'),
      );
      return 0;
    },
  };
}

export const dingtalkRegisterCallbackCommand = dingtalkRegisterCallback();
