import type { PolicyMap } from "../policy";

export const bookingsPolicy = {} satisfies PolicyMap;
