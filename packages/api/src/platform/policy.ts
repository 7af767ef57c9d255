import type { PolicyMap } from "../policy";

export const platformPolicy = {} satisfies PolicyMap;
