// Inputs of the account lifecycle (sign-up, reset, password and address changes), shared by the
// console's forms and the services, which validate again.
import { z } from "zod";
import {
  newAccountInput,
  newTenantInput,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from "../platform/tenant/schemas";

/** A sign-in address as stored: trimmed and lower-cased. */
export const emailAddress = z.string().trim().toLowerCase().max(320).pipe(z.email());

const newPassword = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH);
/** The current password is only compared, never stored: any length the sign-in form takes. */
const currentPassword = z.string().min(1).max(PASSWORD_MAX_LENGTH);

/** Where to continue after verifying (an invitation's page): a path on the console, no scheme or host. */
export const continuePath = z
  .string()
  .max(512)
  .regex(/^\/(?![/\\])[\w\-./?=&%~]*$/);

export const signUpInput = z.object({
  account: newAccountInput,
  /** The first tenant; null when the account is made to accept an invitation. */
  tenant: newTenantInput.nullable().default(null),
  /** Where to continue after verifying (the invitation's page), a path on the console. */
  next: continuePath.nullable().default(null),
});
export type SignUpInput = z.input<typeof signUpInput>;

export const resetPasswordInput = z.object({
  token: z.string().max(64),
  password: newPassword,
});
export type ResetPasswordInput = z.input<typeof resetPasswordInput>;

export const changePasswordInput = z.object({ currentPassword, newPassword });
export type ChangePasswordInput = z.input<typeof changePasswordInput>;

export const changeEmailInput = z.object({ newEmail: emailAddress, currentPassword });
export type ChangeEmailInput = z.input<typeof changeEmailInput>;
