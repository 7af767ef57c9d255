import type { PolicyMap } from "../policy";

export const scoresPolicy = {} satisfies PolicyMap;
