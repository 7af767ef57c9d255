#!/usr/bin/env tsx
// `pnpm frontdesk`: the operator CLI of @frontdesk/db, plus what needs the API — `seed` also writes
// the demo's PHI events through the real PHI gate (the database package must not import the API).
import { runAsProcess } from "@frontdesk/db/cli";
import { seedPhiDemo } from "./demo/phi-demo";

runAsProcess(process.argv.slice(2), {
  afterSeed: async (database, say) => {
    const result = await seedPhiDemo(database, { onProgress: say });
    if (!result.created) say("PHI demo events already present");
  },
});
