export * from "./client";
export * from "./tenant-scope";
export * from "./migrate";
export * from "./api-keys";
export * from "./errors";
export * as schema from "./schema";
export * from "./schema";
