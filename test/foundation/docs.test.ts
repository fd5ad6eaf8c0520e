import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { registry } from '../../commands/index';
import { COMMAND_REFERENCE_PATH, renderCommandReference } from '../../commands/reference';
import { cliCommands } from '../../src/cli/index';
import { CONFIG_VARIABLES } from '../../src/config';

/**
 * The documentation stays true to the code and to the repository: the generated command reference
 * is current, every Work Rules article the code cites is in docs/rules.md, and no comment or page
 * points at a file a person who clones the repository does not have.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

const SOURCE_DIRS = ['src', 'commands', 'test', 'bench', 'scripts', 'db', '.ci'];
/** Configuration files at the root: their comments count too. */
const ROOT_FILES = ['vitest.config.ts', 'vitest.workers.config.ts', 'drizzle.config.ts', 'wrangler.toml', 'biome.jsonc'];
const TEXT_FILE = /\.(ts|tsx|js|mjs|sh|sql|ya?ml|json|jsonc|toml|md)$|^run$/;
const SELF = relative(root, fileURLToPath(import.meta.url));

function filesUnder(dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  if (statSync(abs).isFile()) return [dir];
  return readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => !path.includes('node_modules') && !path.startsWith('test/fixtures') && !path.startsWith('db/migrations'))
    .filter((path) => TEXT_FILE.test(path.split('/').pop()!) && statSync(join(root, path)).isFile());
}

const sources = [...SOURCE_DIRS, ...ROOT_FILES].flatMap(filesUnder).filter((path) => path !== SELF);
const pages = ['README.md', ...filesUnder('docs')];

const ZH_DIGITS = '一二三四五六七八九';
/** 第六十八条 → 68. Numbers with 百 are the Civil Code's (the Work Rules have 81 articles): undefined. */
function zhNumber(text: string): number | undefined {
  if (text.includes('百')) return undefined;
  const [tens, ones] = text.includes('十') ? text.split('十') : ['', text];
  const digit = (d: string | undefined) => (d ? ZH_DIGITS.indexOf(d) + 1 : 0);
  return (text.includes('十') ? (tens ? digit(tens) : 1) * 10 : 0) + digit(ones);
}

/** Every article a text cites: `Art. 40`, `Art. 9, 11, 68`, `Art. 36–40`, `第四十条`. */
function citedArticles(source: string): number[] {
  // Command examples ('/发文 退回 2 第三条与现行规定不一致') quote what a person types: their 第N条 is a document's.
  const text = source.replace(/(['`])\/[^'`\n]*\1/g, '');
  const found: number[] = [];
  for (const [, list] of text.matchAll(/\bArts?\. ?(\d+(?:\s*(?:[–-]|,\s*)\d+)*)/g)) {
    for (const part of list!.split(/,\s*/)) {
      const [from, to] = part.split(/[–-]/).map(Number);
      for (let n = from!; n <= (to ?? from!); n++) found.push(n);
    }
  }
  for (const [, zh] of text.matchAll(/第([一二三四五六七八九十百零]+)条/g)) {
    const n = zhNumber(zh!);
    if (n) found.push(n);
  }
  return found;
}

describe('docs/commands.md', () => {
  it('is the reference `npm run docs` generates from the command registry (run it after changing a command)', () => {
    expect(read(COMMAND_REFERENCE_PATH)).toBe(renderCommandReference(registry));
  });

  it('names every command of /帮助 with its usage lines', () => {
    const page = read(COMMAND_REFERENCE_PATH);
    for (const command of registry.commands) {
      expect(page).toContain(`/${command.zh}（/${command.name}）`);
      for (const usage of command.usage) expect(page).toContain(usage);
    }
  });
});

describe('README.md configuration table', () => {
  it('has a row for every variable the service reads, and names no other', () => {
    const rows = read('README.md').split('\n## Configuration')[1]!.split('\n## ')[0]!;
    const named = new Set([...rows.matchAll(/^\| (.+?) \|/gm)].flatMap(([, cell]) => [...cell!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map(([, v]) => v!)));
    expect(CONFIG_VARIABLES.filter((v) => !named.has(v))).toEqual([]);
    expect([...named].filter((v) => !CONFIG_VARIABLES.includes(v))).toEqual([]);
  });
});

describe('docs/operations.md admin CLI table', () => {
  it('has a row for every command of `npm run cli -- --help`', () => {
    const page = read('docs/operations.md');
    expect(cliCommands.map((c) => c.path.join(' ')).filter((path) => !page.includes(`| \`${path}`))).toEqual([]);
  });
});

describe('docs/rules.md', () => {
  const documented = new Set([...read('docs/rules.md').matchAll(/^## Art\. (\d+) /gm)].map(([, n]) => Number(n)));

  it('finds articles however they are cited', () => {
    expect(citedArticles("(Art. 9, 11, 68) Art. 36–40 第六十八条 第十一条 民法典 第二百零三条 '/发文 退回 2 第三条有误'")).toEqual([
      9, 11, 68, 36, 37, 38, 39, 40, 68, 11,
    ]);
  });

  it('has a section for every Work Rules article cited in src/ and commands/', () => {
    const missing = new Map<number, string>();
    for (const path of sources.filter((p) => p.startsWith('src/') || p.startsWith('commands/'))) {
      for (const n of citedArticles(read(path))) if (!documented.has(n) && !missing.has(n)) missing.set(n, path);
    }
    expect([...missing].map(([n, path]) => `Art. ${n} (cited in ${path})`)).toEqual([]);
  });

  it('names only modules and tests that exist', () => {
    const named = [...read('docs/rules.md').matchAll(/`((?:src|commands|test|db)\/[^`\s]+)`/g)].map(([, path]) => path!);
    expect(named.filter((path) => !existsSync(join(root, path)))).toEqual([]);
  });

  it('quotes each article it lists', () => {
    const sections = read('docs/rules.md')
      .split(/^## /m)
      .filter((s) => s.startsWith('Art. '));
    for (const section of sections) expect(section, section.split('\n')[0]).toMatch(/^> \S/m);
  });
});

describe('references stay inside the repository', () => {
  /** Names of texts that exist only outside the repository (the spec, platform notes, the rulebook file, the style guide). */
  const OUTSIDE = [
    /\bSPEC\b/,
    /\.\.\/shared\b/,
    /\/work\/shared\b/,
    /\bseed\/[\w-]+/,
    /work-rules\.txt/,
    /\bruntime\.md\b/,
    /\bmachines\/node\.md\b/,
    /\b(?:feishu|dingtalk)\.md §/,
    /\bSTYLE\b/,
  ];

  it('no comment, test or page names a file outside the repository', () => {
    const offences: string[] = [];
    for (const path of [...sources, ...pages]) {
      read(path)
        .split('\n')
        .forEach((line, i) => {
          const hit = OUTSIDE.find((pattern) => pattern.test(line));
          if (hit) offences.push(`${path}:${i + 1}: ${line.trim().slice(0, 120)}`);
        });
    }
    expect(offences).toEqual([]);
  });

  it('no comment or message points at a README section (the README is a short page; details live in docs/)', () => {
    const offences = sources.flatMap((path) =>
      read(path)
        .split('\n')
        .flatMap((line, i) =>
          /README ?[:"“「(]|\(README\)|README (?:contract|documents|table)|in README|见 README|按 README/.test(line)
            ? [`${path}:${i + 1}: ${line.trim().slice(0, 120)}`]
            : [],
        ),
    );
    expect(offences).toEqual([]);
  });

  it('every docs/… page the code names exists', () => {
    const missing = new Set<string>();
    for (const path of sources) {
      for (const [page] of read(path).matchAll(/\bdocs\/[\w./-]+\.md\b/g)) {
        if (!existsSync(join(root, page))) missing.add(`${page} (named in ${path})`);
      }
    }
    expect([...missing]).toEqual([]);
  });

  it('every relative link and image in README.md and docs/ exists', () => {
    const missing: string[] = [];
    for (const page of pages) {
      const text = read(page).replace(/```[\s\S]*?```/g, '');
      const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g), ...text.matchAll(/<img [^>]*src="([^"]+)"/g)].map(([, t]) => t!);
      for (const target of targets) {
        if (/^[a-z]+:|^#/.test(target)) continue;
        const file = join(dirname(page), target.split('#')[0]!);
        if (!existsSync(join(root, file))) missing.push(`${page} → ${target}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
