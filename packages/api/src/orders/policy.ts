import type { PolicyMap } from "../policy";

export const ordersPolicy = {} satisfies PolicyMap;
