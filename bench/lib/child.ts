import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs a bench script in its own Node process (TypeScript through tsx, like `npm start`), so a server
 * under load never shares an event loop with the load generator. Child and parent talk over IPC:
 * the child sends `{type:'ready', …}` once, then answers each `{type, id}` request with `{id, …}`.
 */
export interface Child {
  process: ChildProcess;
  ready: Promise<Record<string, unknown>>;
  request<T = Record<string, unknown>>(type: string, body?: Record<string, unknown>): Promise<T>;
  /** Asks the child to exit and waits for it (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

export function startChild(script: URL, options: { env?: Record<string, string>; nodeArgs?: string[] } = {}): Child {
  const child = fork(fileURLToPath(script), [], {
    execArgv: ['--import', 'tsx', ...(options.nodeArgs ?? [])],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, (value: any) => void>();
  let nextId = 0;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`${script.pathname} exited (${code ?? signal}) before it was ready`)));
    child.on('message', (message: any) => {
      if (message?.type === 'ready') resolve(message);
      else if (message?.type === 'failed') reject(new Error(`${script.pathname}: ${message.error}`));
      else if (typeof message?.id === 'number') waiting.get(message.id)?.(message);
    });
  });
  ready.catch(() => undefined);
  return {
    process: child,
    ready,
    request(type, body = {}) {
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        waiting.set(id, resolve);
        child.once('exit', () => reject(new Error(`${script.pathname} exited during ${type}`)));
        child.send({ ...body, type, id });
      });
    },
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The child's side: answer requests until asked to stop; `stop` runs the cleanup, then exits. */
export function serveParent(
  handlers: Record<string, (message: any) => Promise<Record<string, unknown>> | Record<string, unknown>>,
  stop: () => Promise<void> | void,
) {
  process.on('message', async (message: any) => {
    if (message?.type === 'stop') {
      await stop();
      process.exit(0);
    }
    const handler = handlers[message?.type];
    if (!handler) return process.send!({ id: message?.id, error: `unknown request ${message?.type}` });
    try {
      process.send!({ id: message.id, ...(await handler(message)) });
    } catch (error) {
      process.send!({ id: message.id, error: String((error as Error)?.stack ?? error) });
    }
  });
  // The parent died (Ctrl-C): don't linger.
  process.on('disconnect', async () => {
    await stop();
    process.exit(0);
  });
}

export function reportFailure(error: unknown): never {
  process.send?.({ type: 'failed', error: String((error as Error)?.stack ?? error) });
  console.error(error);
  process.exit(1);
}

/** CPU time this process has used so far (user + system), microseconds. */
export function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}
