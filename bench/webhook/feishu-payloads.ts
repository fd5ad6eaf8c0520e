import { createCipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Requests as Feishu sends them, made with node:crypto (independently of the adapter's Web Crypto):
 * an `im.message.receive_v1` envelope (schema 2.0, the shape of the official sample) encrypted with
 * the Encrypt Key — base64(iv ‖ AES-256-CBC(sha256(key))) — then signed on the raw body:
 * `sha256(timestamp + nonce + encrypt_key + body)`. Compact JSON, which the SDK's check needs too.
 */
export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

export interface MessageSpec {
  encryptKey: string;
  verificationToken: string;
  openId: string;
  text: string;
  /** Seconds; both servers accept a signature this old (ours: 12 h window; the SDK checks none). */
  timestamp: string;
}

export function messageEnvelope(spec: MessageSpec, messageId: string) {
  return {
    schema: '2.0',
    header: {
      event_id: `ev_${messageId}`,
      event_type: 'im.message.receive_v1',
      create_time: `${spec.timestamp}000`,
      token: spec.verificationToken,
      app_id: 'cli_bench',
      tenant_key: 'bench_tenant',
    },
    event: {
      sender: { sender_id: { union_id: 'on_bench', user_id: 'u_bench', open_id: spec.openId }, sender_type: 'user', tenant_key: 'bench_tenant' },
      message: {
        message_id: messageId,
        create_time: `${spec.timestamp}000`,
        update_time: `${spec.timestamp}000`,
        chat_id: 'oc_bench_p2p',
        chat_type: 'p2p',
        message_type: 'text',
        content: JSON.stringify({ text: spec.text }),
      },
    },
  };
}

export function signedRequest(spec: MessageSpec, messageId: string): SignedRequest {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', createHash('sha256').update(spec.encryptKey).digest(), iv);
  const encrypted = Buffer.concat([iv, cipher.update(JSON.stringify(messageEnvelope(spec, messageId)), 'utf8'), cipher.final()]).toString('base64');
  const body = JSON.stringify({ encrypt: encrypted });
  const nonce = randomBytes(8).toString('hex');
  return {
    body,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-lark-request-timestamp': spec.timestamp,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': createHash('sha256')
        .update(spec.timestamp + nonce + spec.encryptKey + body)
        .digest('hex'),
    },
  };
}
