// Every email Frontdesk sends, by name. A new message is a template here (props schema + render);
// `enqueueEmail` then takes its name and props, typed from this record.
import type { z } from "zod";
import type { EmailTemplate } from "../template";
import {
  accountExists,
  emailChanged,
  emailChangeVerify,
  invitation,
  passwordChanged,
  passwordReset,
  verifyEmail,
} from "./account";
import {
  bookingCancellation,
  bookingConfirmation,
  bookingReminder,
  bookingRescheduled,
} from "./booking";

export const emailTemplates = {
  "booking-confirmation": bookingConfirmation,
  "booking-cancellation": bookingCancellation,
  "booking-rescheduled": bookingRescheduled,
  "booking-reminder": bookingReminder,
  "verify-email": verifyEmail,
  "account-exists": accountExists,
  "password-reset": passwordReset,
  "password-changed": passwordChanged,
  "email-change-verify": emailChangeVerify,
  "email-changed": emailChanged,
  invitation,
} as const satisfies Record<string, EmailTemplate<z.ZodType>>;

export type EmailTemplateName = keyof typeof emailTemplates;
/** The props `enqueueEmail` takes for template `N`. */
export type EmailProps<N extends EmailTemplateName> = z.input<(typeof emailTemplates)[N]["props"]>;

export function isEmailTemplateName(name: string): name is EmailTemplateName {
  return Object.hasOwn(emailTemplates, name);
}
