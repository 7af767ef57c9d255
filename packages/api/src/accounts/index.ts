// The account lifecycle (sign-up, verification, reset, password and address changes): services the
// console's pages call with the owner connection. See ./service.
export {
  accountSummary,
  changePassword,
  MESSAGES_PER_ADDRESS_PER_HOUR,
  openVerificationLink,
  requestEmailChange,
  requestPasswordReset,
  resendVerification,
  resetLinkIsUsable,
  resetPassword,
  signUp,
  type AccountSummary,
  type VerifiedLink,
} from "./service";
export {
  changeEmailInput,
  changePasswordInput,
  continuePath,
  emailAddress,
  resetPasswordInput,
  signUpInput,
  type ChangeEmailInput,
  type ChangePasswordInput,
  type ResetPasswordInput,
  type SignUpInput,
} from "./schemas";
export { hashAccountToken, isAccountTokenShape, TOKEN_TTL_MS } from "./tokens";
export { checkCredentials, type CredentialsCheck, type SignInUser } from "./sign-in";
