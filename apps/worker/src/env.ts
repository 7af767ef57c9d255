// The standalone worker's environment, read in one place (packages get values as arguments).
export interface WorkerEnv {
  /** PostgreSQL URL; without it the database is embedded PGlite, owned by the web process. */
  databaseUrl: string | undefined;
  logLevel: string;
}

const LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

export function readEnv(env: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  const level = env.LOG_LEVEL?.trim().toLowerCase() || "info";
  if (!LEVELS.has(level)) throw new Error(`LOG_LEVEL must be one of ${[...LEVELS].join(", ")}`);
  return { databaseUrl, logLevel: level };
}
