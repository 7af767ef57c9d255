// The standalone worker (`tsx src/main.ts` in this package) must be able to render every message.
// It once could not: tsx applies this package's tsconfig only to this package's files, so the
// templates in packages/api compiled with the classic JSX runtime and every send failed with
// "React is not defined" (dead letters in PostgreSQL mode; the embedded worker, bundled by Next,
// was fine). The templates now name their JSX runtime themselves.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("../../..", import.meta.url));

describe("email templates in the standalone worker's process", () => {
  it("render (a booking notice and an account message) under the worker's own tsx", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "src/test-fixtures/render-emails.ts"],
      { cwd: packageDir, timeout: 60_000 },
    );
    const subjects = JSON.parse(stdout.trim().split("\n").at(-1) ?? "[]") as string[];
    expect(subjects).toEqual([
      expect.stringMatching(/^Booking cancelled: /),
      "Reset your Frontdesk password",
    ]);
  });
});
