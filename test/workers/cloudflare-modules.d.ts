/**
 * The part of the workerd test modules these tests use, typed against the module form of
 * @cloudflare/workers-types: the project's tsconfig keeps DOM + Node globals, which the global
 * Workers types (and @cloudflare/vitest-pool-workers/types, built on them) would clash with.
 */
declare module 'cloudflare:test' {
  import type { D1Database, ExecutionContext, ScheduledController } from '@cloudflare/workers-types';

  export interface D1Migration {
    name: string;
    queries: string[];
  }
  export function applyD1Migrations(db: D1Database, migrations: D1Migration[], migrationsTableName?: string): Promise<void>;
  export function createExecutionContext(): ExecutionContext;
  export function waitOnExecutionContext(ctx: ExecutionContext): Promise<void>;
  export function createScheduledController(options?: { scheduledTime?: Date | number; cron?: string }): ScheduledController;
  export function reset(): Promise<void>;
}

declare module 'cloudflare:workers' {
  import type { D1Database, R2Bucket } from '@cloudflare/workers-types';
  import type { D1Migration } from 'cloudflare:test';

  /** Bindings of wrangler.toml plus the test-only ones of vitest.workers.config.ts. */
  export const env: {
    DB: D1Database;
    /** Attachments (wrangler.toml r2_buckets). */
    FILES: R2Bucket;
    TEST_MIGRATIONS: D1Migration[];
    DEMO_ORG_YAML: string;
    ADMIN_TOKEN: string;
    [binding: string]: unknown;
  };
  /** The main Worker (src/worker.ts) as a service: requests go through the real runtime plumbing. */
  export const exports: { default: { fetch(input: string | Request, init?: RequestInit): Promise<Response> } };
}
