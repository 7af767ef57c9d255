import type { PolicyMap } from "../policy";

export const metricsPolicy = {} satisfies PolicyMap;
