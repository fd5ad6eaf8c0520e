/** Types of scripts/build.mjs for the build test. */
export declare const RUNTIME_ASSETS: string[];
export declare function buildDist(outdir?: string): Promise<void>;
