import type { CardAction, Command } from './types';

export interface CommandRegistry {
  commands: readonly Command[];
  find(word: string): Command | undefined;
  closest(word: string): Command | undefined;
  action(name: string): CardAction | undefined;
}

const normalise = (word: string) =>
  word
    .trim()
    .replace(/^[/／]/, '')
    .toLowerCase();

export function buildRegistry(commands: Command[], actions: CardAction[]): CommandRegistry {
  const byWord = new Map<string, Command>();
  for (const command of commands) {
    for (const word of [command.name, command.zh, ...(command.aliases ?? [])]) {
      const key = normalise(word);
      if (byWord.has(key)) throw new Error(`command word "${word}" is registered twice`);
      byWord.set(key, command);
    }
  }
  const byAction = new Map<string, CardAction>();
  for (const a of actions) {
    if (byAction.has(a.action)) throw new Error(`card action "${a.action}" is registered twice`);
    byAction.set(a.action, a);
  }
  return {
    commands,
    find: (word) => byWord.get(normalise(word)),
    closest(word) {
      const target = normalise(word);
      let best: { command: Command; distance: number } | undefined;
      for (const [key, command] of byWord) {
        const distance = editDistance(target, key);
        if (!best || distance < best.distance) best = { command, distance };
      }
      // Only suggest when the typo is plausibly that command (at most half the word changed).
      return best && best.distance <= Math.max(1, Math.ceil(target.length / 2)) ? best.command : undefined;
    },
    action: (name) => byAction.get(name),
  };
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
