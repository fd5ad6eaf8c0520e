import os from 'node:os';

/** The machine a run measured, recorded next to its figures (compare runs only on the same machine). */
export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
    /** 1-minute load average when the run started: above the core count, other processes were busy. */
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
