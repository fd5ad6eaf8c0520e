import { spawn } from 'node:child_process';

export interface ChildRun {
  /** The exit code, or 'running' when it was still up (and then killed) after `ms`. */
  exit: number | 'running';
  /** With `whileRunning`: the exit code after the SIGTERM that stopped it (0: a clean shutdown). */
  stopped?: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a process the way an operator would, with exactly `env` (plus PATH): collects its output and
 * answers when it exits, or after `whileRunning` has been awaited against it (the child is then stopped).
 */
export async function runChild(
  args: string[],
  options: { cwd: string; env: Record<string, string>; ms?: number; whileRunning?: (output: () => string) => Promise<void> },
): Promise<ChildRun> {
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: { PATH: process.env.PATH ?? '', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  if (options.whileRunning) {
    // A failed check ends the child too: no service is left running after the test.
    const checks = options
      .whileRunning(() => stdout + stderr)
      .catch((error) => {
        child.kill('SIGKILL');
        throw error;
      });
    const outcome = await Promise.race([checks.then(() => 'done' as const), exited]);
    if (outcome !== 'done') return { exit: outcome, stdout, stderr };
    child.kill('SIGTERM');
    return { exit: 'running', stopped: await exited, stdout, stderr };
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), options.ms ?? 20_000);
  const code = await exited;
  clearTimeout(timer);
  return { exit: code, stdout, stderr };
}

/** Polls `url` until it answers (every 50 ms), failing after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs = 15_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
