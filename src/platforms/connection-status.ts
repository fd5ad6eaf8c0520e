/**
 * How an outbound event connection (Feishu's long connection, DingTalk's Stream) is doing, as
 * `/healthz` shows it. `since`: when it entered this state; `restarts`: reconnections since start.
 */
export interface ConnectionStatus {
  mode: string;
  state: 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';
  since: string;
  restarts: number;
  /** Why the last attempt failed, when it did. */
  error?: string;
}
