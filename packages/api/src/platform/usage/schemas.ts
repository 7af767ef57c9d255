// Output of `usage.current`: this calendar month's (UTC) metered usage against the plan's limits.
import { z } from "zod";
import { USAGE_METRICS } from "@frontdesk/db";

export const usageItemOutput = z.object({
  metric: z.enum(USAGE_METRICS),
  used: z.number().int(),
  limit: z.number().int(),
  /** `start` inclusive, `end` exclusive: the first instants of this month and the next, UTC. */
  period: z.object({ start: z.date(), end: z.date() }),
});
export type UsageItem = z.infer<typeof usageItemOutput>;

export const currentUsageOutput = z.array(usageItemOutput);
export type CurrentUsage = z.infer<typeof currentUsageOutput>;
