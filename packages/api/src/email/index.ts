// Email: `enqueueEmail(tx, { to, template, props, tenantId? })` is the way to send one (see
// docs/architecture.md, "A new email"). Templates are in ./templates, delivery in ./deliver.
export { DEFAULT_MAIL_FROM, DEV_AUTH_SECRET, mailConfigFromEnv, type MailConfig } from "./config";
export { enqueueEmail, isOptedOut, type EnqueueEmail } from "./enqueue";
export {
  BATCH_SIZE as EMAIL_BATCH_SIZE,
  MAX_ATTEMPTS as EMAIL_MAX_ATTEMPTS,
  backoffSeconds as emailBackoffSeconds,
  createMailTransport,
  deliverDueEmails,
  linksOf,
  retryDeadEmails,
  type DeliverOptions,
  type DeliverResult,
  type MailTransport,
  type OutgoingEmail,
} from "./deliver";
export { listDevMailbox, type DevMailboxMessage } from "./dev-mailbox";
export { optOutWithToken } from "./opt-out";
export {
  bookingForManageToken,
  cancelBookingWithToken,
  type AttendeeCancelOutcome,
  type ManagedBooking,
} from "./manage";
export {
  addressHash,
  isRecipientDigest,
  recipientDigest,
  signLink,
  verifyLink,
  MAX_LINK_TOKEN_LENGTH,
  type LinkClaims,
} from "./links";
export { DEAD_EMAIL_GRACE_DAYS, eraseSettledRecipients, type EraseOptions } from "./retention";
export { EmailRenderError, renderEmail, type RenderedEmail } from "./render";
export {
  enqueueBookingNotice,
  enqueueDueReminders,
  reminderKey,
  type BookingNotice,
} from "./booking-notices";
export {
  emailTemplates,
  isEmailTemplateName,
  type EmailProps,
  type EmailTemplateName,
} from "./templates";
export {
  defineTemplate,
  type EmailTemplate,
  type RenderLinks,
  type RenderedTemplate,
} from "./template";
