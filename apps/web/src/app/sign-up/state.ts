// The sign-up form's state, shared by the server actions and the client form (no server imports
// here: the form is a client component).
/**
 * `account-and-tenant`: sign-up. `account`: sign-up to accept an invitation (no tenant of one's
 * own). `tenant`: a signed-in user creating another tenant.
 */
export type SignUpMode = "account-and-tenant" | "account" | "tenant";

export type SignUpField = "email" | "password" | "name" | "tenantName" | "timeZone";
export type EchoedField = Exclude<SignUpField, "password">;

export interface SignUpState {
  /** A form-level error (rate limit, email taken, …). */
  error: string | null;
  fieldErrors: Partial<Record<SignUpField, string>>;
  /** What was typed, to put back in the form (never the password). */
  values: Partial<Record<EchoedField, string>>;
  /** Changes on every failed submission, so the same message is announced (toast) again. */
  attempt: number;
  /**
   * Set once a sign-up went through: the address to look in. The same whether or not it already
   * had an account (that one gets a notice instead of a link), so the page never tells.
   */
  sentTo?: string;
}

export const INITIAL_SIGN_UP_STATE: SignUpState = {
  error: null,
  fieldErrors: {},
  values: {},
  attempt: 0,
};
