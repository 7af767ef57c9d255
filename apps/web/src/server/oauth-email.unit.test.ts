import { describe, expect, it } from "vitest";
import { githubEmailVerified, googleEmailVerified } from "./oauth-email";

describe("OAuth addresses count as verified only when the provider says so", () => {
  it("Google: email_verified must be true", () => {
    expect(googleEmailVerified({ email: "a@example.com", email_verified: true })).toBe(true);
    expect(googleEmailVerified({ email: "a@example.com", email_verified: false })).toBe(false);
    expect(googleEmailVerified({ email: "a@example.com" })).toBe(false);
    expect(googleEmailVerified(undefined)).toBe(false);
  });

  it("GitHub: the profile's address must be a verified one in /user/emails", () => {
    const emails = [
      { email: "Work@Example.com", verified: true, primary: false },
      { email: "home@example.com", verified: false, primary: true },
    ];
    expect(githubEmailVerified(emails, "work@example.com")).toBe(true);
    expect(githubEmailVerified(emails, "home@example.com")).toBe(false);
    expect(githubEmailVerified(emails, "other@example.com")).toBe(false);
    expect(githubEmailVerified({ message: "Bad credentials" }, "work@example.com")).toBe(false);
    expect(githubEmailVerified(emails, null)).toBe(false);
  });
});
