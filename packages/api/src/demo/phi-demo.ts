// The demo tenant's PHI story for a first look: a few realistic conversations, bookings and an
// order written by the demo owner through the real router, so the PHI gate itself masks, blocks and
// alerts, and the PHI pages, stats and dashboard show findings on first start. Nothing raw is stored:
// what the gate masks is stored masked, what it blocks is not stored at all (only its masked events).
//
// It lives here, not beside the rest of the demo data in @frontdesk/db, because it needs the API
// (the database package must not import it); the console's first start and `pnpm frontdesk seed`
// call it after `seedDemo`. Idempotent: it does nothing once the demo tenant has any PHI event.
import { sql } from "drizzle-orm";
import { DEMO, queryRows, type Database } from "@frontdesk/db";
import { createCallerFactory, createContext } from "../trpc";
import { appRouter } from "../root";
import { AppError } from "../errors";

export interface PhiDemoResult {
  created: boolean;
  /** Writes the gate let through (masked or alerted) and writes it refused. */
  stored: number;
  blocked: number;
}

/**
 * The identifiers in the demo's text, all synthetic (555 phone numbers, a valid-format SSN nobody
 * holds, a Luhn-valid test card, a made-up patient); each is masked or refused, never stored.
 */
export const PHI_DEMO_RAW = [
  "617-555-0142",
  "(617) 555-0199",
  "521-73-4190",
  "4539 1488 0343 6467",
  "Marisol Vega",
  "Vega",
  "00482913",
  "04/12/1986",
];

const createCaller = createCallerFactory(appRouter);

async function ownerCaller(database: Database, tenantId: string) {
  const [owner] = await queryRows<{ user_id: string }>(
    database.db,
    sql`select m.user_id from memberships m where m.tenant_id = ${tenantId} and m.role = 'owner' order by m.created_at limit 1`,
  );
  if (!owner) throw new Error("the demo tenant has no owner");
  const headers = new Headers({ "x-frontdesk-tenant": tenantId });
  return createCaller(
    await createContext({ database, headers, session: { userId: owner.user_id } }),
  );
}

/** Runs a write the policy may refuse; true when it was refused as PHI. */
async function refusedAsPhi(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return false;
  } catch (error) {
    const code = error instanceof AppError ? error.code : (error as { code?: unknown }).code;
    if (code === "PRECONDITION_FAILED") return true;
    throw error;
  }
}

export async function seedPhiDemo(
  database: Database,
  options: { onProgress?: (line: string) => void } = {},
): Promise<PhiDemoResult> {
  const say = options.onProgress ?? (() => {});
  const [tenant] = await queryRows<{ id: string }>(
    database.db,
    sql`select id from tenants where slug = ${DEMO.slug}`,
  );
  if (!tenant) return { created: false, stored: 0, blocked: 0 };
  const [seen] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from phi_detection_events where tenant_id = ${tenant.id}`,
  );
  if ((seen?.n ?? 0) > 0) return { created: false, stored: 0, blocked: 0 };

  say("PHI: conversations, bookings and an order through the PHI gate");
  const api = await ownerCaller(database, tenant.id);
  // A clinic's usual policy: mask by default, never store an SSN, and tell someone about card numbers.
  await api.phi.policy.update({
    defaults: "mask",
    perType: { SSN: "block", CREDIT_CARD: "alert" },
    maskStyle: "type",
  });

  let stored = 0;
  let blocked = 0;

  // Conversations the assistant had: the end user's feedback and a reviewer's note are stored masked.
  await api.scores.scoreConversation({
    sessionId: "demo-call-2041",
    messages: [
      { role: "user", content: "Hi, I need to move my cleaning to next week." },
      { role: "assistant", content: "Sure, I can help with that. Tuesday at 10:00 is free." },
      { role: "user", content: "Perfect, thanks!" },
    ],
    feedback: {
      rating: 5,
      thumbsUp: true,
      comment: "Quick and easy. If anything changes call me at 617-555-0142.",
    },
  });
  await api.scores.record({
    sessionId: "demo-call-2042",
    name: "helpfulness",
    value: 4,
    source: "annotation",
    comment:
      "Caller Marisol Vega confirmed her date of birth 04/12/1986 before the assistant rebooked; fine, but it should not ask for it.",
    metadata: { channel: "phone", reviewer: "front desk" },
  });
  stored += 2;

  // Bookings made at the desk: the notes are masked; one note with an SSN is refused outright.
  const resources = await api.bookings.resources.list({});
  const room = resources.items.find((r) => r.name === "Exam Room 2") ?? resources.items[0];
  if (room) {
    const from = new Date();
    const slots = await api.bookings.slots({
      resourceId: room.id,
      from,
      to: new Date(from.getTime() + 14 * 86_400_000),
    });
    const free = slots.filter((s) => s.available).slice(-3);
    const [first, second, third] = free;
    if (first) {
      await api.bookings.create({
        slotId: first.slotId,
        attendee: { name: "Marisol Vega", email: "marisol.vega@example.com" },
        notes:
          "Follow-up for patient MRN: 00482913, bring the glucose log. Call back at (617) 555-0199 if running late.",
      });
      stored += 1;
    }
    if (second) {
      const refused = await refusedAsPhi(() =>
        api.bookings.create({
          slotId: second.slotId,
          attendee: { name: "Marisol Vega", email: "marisol.vega@example.com" },
          notes: "Insurance needs her SSN 521-73-4190 on file before the visit.",
        }),
      );
      if (refused) blocked += 1;
    }
    if (third) {
      await api.bookings.create({
        slotId: third.slotId,
        attendee: { name: "Ken Watanabe", email: "ken.watanabe@example.com" },
        notes: "New patient, referred by Dr. Amara Rivera.",
      });
      stored += 1;
    }
  }

  // An order whose note carries a card number: stored masked, and the alert goes out.
  await api.orders.create({
    items: [{ sku: "BP-CUFF", name: "Blood pressure cuff", quantity: 1, unitAmount: 4999 }],
    currency: "USD",
    notes: "Customer read out card 4539 1488 0343 6467 on the phone; charge it at pickup.",
    idempotencyKey: "demo-phi-order-1",
  });
  stored += 1;

  say(`PHI: ${stored} writes stored masked, ${blocked} refused`);
  return { created: true, stored, blocked };
}
