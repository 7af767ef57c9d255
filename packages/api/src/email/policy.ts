// Sending a dead message again is an admin's call, like the Health page that lists them; API keys
// need the `admin` scope.
import type { PolicyMap } from "../policy";

export const emailPolicy = {
  "email.resend": { role: "admin", scope: "admin" },
} satisfies PolicyMap;
