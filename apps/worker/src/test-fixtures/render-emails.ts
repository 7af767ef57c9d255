// Renders one booking notice and one account message the way the standalone worker loads the
// templates (this package's tsx, whose tsconfig does not cover packages/api), and prints their
// subjects as JSON: proof that the templates' JSX compiles wherever they are imported from.
import { renderEmail } from "@frontdesk/api";

const config = { appUrl: "http://127.0.0.1:3999", linkSecret: "render-check-0123456789abcdef0123" };
const at = new Date().toISOString();
const subjects = [
  await renderEmail(config, {
    template: "booking-cancellation",
    props: {
      bookingId: "00000000-0000-4000-8000-000000000001",
      tenantName: "Sunrise Clinic",
      resourceName: "Room 1",
      timeZone: "UTC",
      startsAt: at,
      endsAt: at,
    },
    tenantId: "00000000-0000-4000-8000-000000000002",
    to: "patient@example.com",
  }),
  await renderEmail(config, {
    template: "password-reset",
    props: { token: "A".repeat(43) },
    tenantId: null,
    to: "staff@example.com",
  }),
].map((m) => m.subject);
console.log(JSON.stringify(subjects));
