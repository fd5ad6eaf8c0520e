import { expect } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config';

/** The problems `parseConfig` reports for `env` (fails the test when it accepts it). */
export function configProblems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}
