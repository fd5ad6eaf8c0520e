/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time per function and inclusive time
 * per source file of this project, so a profile can be read without DevTools.
 * Usage: npx tsx bench/lib/profile-summary.ts <file.cpuprofile> [top] [until]
 * `until` (a function name, e.g. `receive`): only samples up to the last one with it on the stack — the
 * webhook server's profile ends with the /healthz ceiling run, which is not the webhook's work.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

/** This checkout's root (any worktree), so its files are named relative to it. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROJECT_FILE = /^(?:file:\/\/)?\/((?:src|db|commands|bench)\/[^?]+)/;

export function summarise(profile: Profile, top = 25, until?: string): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const onStack = (id: number, name: string) => {
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) if (byId.get(cur)!.callFrame.functionName === name) return true;
    return false;
  };
  let last = profile.samples.length - 1;
  if (until) while (last > 0 && !onStack(profile.samples[last]!, until)) last--;
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    if (i <= last) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const label = (n: Node) =>
    `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^file:\/\//, '').replace(ROOT, '')}:${n.callFrame.lineNumber + 1}`;
  const selfByLabel = new Map<string, number>();
  const inclusiveByFile = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    selfByLabel.set(label(node), (selfByLabel.get(label(node)) ?? 0) + us);
    // Inclusive per project file: each sample counted once per file on its stack.
    const files = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const url = byId.get(cur)!.callFrame.url;
      const m = PROJECT_FILE.exec(url.replace(ROOT, '/')) ?? /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
      if (m) files.add(m[1]!);
    }
    for (const f of files) inclusiveByFile.set(f, (inclusiveByFile.get(f) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
  const lines = [`total sampled: ${(total / 1000).toFixed(0)} ms`, '', 'self time:'];
  for (const [l, us] of [...selfByLabel].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${pct(us)}  ${l}`);
  lines.push('', 'inclusive by file/package:');
  for (const [f, us] of [...inclusiveByFile].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${pct(us)}  ${f}`);
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(summarise(JSON.parse(readFileSync(process.argv[2]!, 'utf8')), Number(process.argv[3] ?? 25), process.argv[4]));
}
