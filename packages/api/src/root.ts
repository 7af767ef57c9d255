import { billingRouter } from "./billing/router";
import { bookingsRouter } from "./bookings/router";
import { emailRouter } from "./email/router";
import { healthRouter } from "./health/router";
import { metricsRouter } from "./metrics/router";
import { ordersRouter } from "./orders/router";
import { phiEventsRouter, phiRouter } from "./phi/router";
import { platformRouter } from "./platform/router";
import { scoresRouter } from "./scores/router";
import { router } from "./trpc";
import { webhooksRouter } from "./webhooks/router";

export const appRouter = router({
  ...healthRouter,
  bookings: bookingsRouter,
  scores: scoresRouter,
  metrics: metricsRouter,
  orders: ordersRouter,
  billing: billingRouter,
  phi: phiRouter,
  phiEvents: phiEventsRouter,
  webhooks: webhooksRouter,
  email: emailRouter,
  // Platform routers (tenant, members, apiKeys, usage, audit) sit at the top level, as docs/api.md names them.
  ...platformRouter,
});

export type AppRouter = typeof appRouter;
