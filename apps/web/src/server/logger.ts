import { createLogger } from "@frontdesk/api";
import { env } from "@/env";

export const logger = createLogger({ level: env.LOG_LEVEL, name: "frontdesk-web" });
