import type { PolicyMap } from "../policy";

export const phiPolicy = {} satisfies PolicyMap;
