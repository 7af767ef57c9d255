// What a test file that sends mail needs: its own test database, a loopback SMTP receiver, and a
// mail configuration pointing at it — set up in the file's beforeAll and closed in its afterAll.
//
//   let database: Database;
//   let smtp: SmtpReceiver;
//   let config: MailConfig;
//   useMailTestbed((testbed) => ({ database, smtp, config } = testbed));
import { afterAll, beforeAll } from "vitest";
import type { Database } from "@frontdesk/db";
import { createTestDatabase } from "./db";
import { startSmtpReceiver, type SmtpReceiver } from "./smtp";

export interface MailTestbed {
  database: Database;
  smtp: SmtpReceiver;
  /** Satisfies the API's MailConfig: SMTP to the receiver, links to a console origin nothing serves. */
  config: { smtpUrl: string; from: string; appUrl: string; linkSecret: string };
}

export function useMailTestbed(
  receive: (testbed: MailTestbed) => void,
  linkSecret = "test-link-secret-0123456789abcdef0123456789",
): void {
  let testbed: MailTestbed | undefined;
  beforeAll(async () => {
    const database = await createTestDatabase();
    const smtp = await startSmtpReceiver();
    testbed = {
      database,
      smtp,
      config: {
        smtpUrl: smtp.url,
        from: "Frontdesk <no-reply@frontdesk.test>",
        appUrl: "http://127.0.0.1:3999",
        linkSecret,
      },
    };
    receive(testbed);
  });
  afterAll(async () => {
    await testbed?.smtp.close();
    await testbed?.database.close();
  });
}
