/** Types of scripts/build.mjs for the build test. */
export declare const RUNTIME_ASSETS: string[];
export declare function buildDist(outdir?: string, extraEntries?: Record<string, string>): Promise<void>;
