import type { Config } from '../config';
import type { Platform } from '../core/inbound';
import type { PlatformSender } from '../outbox/sender';

/** The platform senders a Worker can load (no Node-only SDKs): built from config per request. */
export function workerPlatformSenders(config: Config): Partial<Record<Platform, PlatformSender>> {
  void config;
  return {};
}
